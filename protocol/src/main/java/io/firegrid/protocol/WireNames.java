package io.firegrid.protocol;

/**
 * Finds a {@link Kind} or {@link State} by its wire name in a parser's character buffer, without
 * making a {@code String} of it: {@code Kind.fromWire} builds every candidate's wire name anew on
 * each call, which a decoder doing it per reading cannot afford. A name that matches nothing gives
 * {@code null}; the caller then lets {@code fromWire} refuse it, so the refusal stays theirs.
 */
final class WireNames {

    private static final Kind[] KINDS = Kind.values();
    private static final char[][] KIND_NAMES = new char[KINDS.length][];
    private static final State[] STATES = State.values();
    private static final char[][] STATE_NAMES = new char[STATES.length][];

    static {
        for (int i = 0; i < KINDS.length; i++) {
            KIND_NAMES[i] = KINDS[i].wireName().toCharArray();
        }
        for (int i = 0; i < STATES.length; i++) {
            STATE_NAMES[i] = STATES[i].wireName().toCharArray();
        }
    }

    private WireNames() {
    }

    /** The kind named by {@code text[offset, offset + length)}, or {@code null}. */
    static Kind kind(char[] text, int offset, int length) {
        int i = find(KIND_NAMES, text, offset, length);
        return i < 0 ? null : KINDS[i];
    }

    /** The state named by {@code text[offset, offset + length)}, or {@code null}. */
    static State state(char[] text, int offset, int length) {
        int i = find(STATE_NAMES, text, offset, length);
        return i < 0 ? null : STATES[i];
    }

    private static int find(char[][] names, char[] text, int offset, int length) {
        candidates:
        for (int i = 0; i < names.length; i++) {
            char[] name = names[i];
            if (name.length != length) {
                continue;
            }
            for (int k = 0; k < length; k++) {
                if (name[k] != text[offset + k]) {
                    continue candidates;
                }
            }
            return i;
        }
        return -1;
    }
}
