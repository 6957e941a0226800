package io.firegrid.bench.load;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a load process counted in one phase, handed to the harness as one stdout line
 * ({@code report PHASE key=value ... refusals=... acks=HISTOGRAM}) and summed over processes.
 * Refusals are keyed by packet and MQTT 5 reason code, e.g. {@code connack-0x86}, {@code puback-0x97},
 * {@code disconnect-0x89}; a connection that failed without a reason (timeout, reset) is keyed by
 * what happened, e.g. {@code connect-timeout}. Not thread-safe.
 */
final class LoadCounts {

    long sent;
    /** PUBACKs for PUBLISHes sent in this phase. */
    long acked;
    /** PUBACKs that arrived in this phase for PUBLISHes sent before it (a backlog carried over). */
    long ackedEarlier;
    /** Readings not sent because the device already had its window of PUBLISHes awaiting PUBACK. */
    long skipped;
    /** PUBLISHes still awaiting a PUBACK when their connection went away (not sent again). */
    long unacked;
    long connects;
    /** How long the phase lasted in the load process (the longest, once summed). */
    double seconds;
    final Map<String, Long> refusals = new TreeMap<>();
    final Histogram acks = new Histogram();

    void refused(String reason) {
        refusals.merge(reason, 1L, Long::sum);
    }

    long refusedTotal() {
        return refusals.values().stream().mapToLong(Long::longValue).sum();
    }

    void add(LoadCounts o) {
        sent += o.sent;
        acked += o.acked;
        ackedEarlier += o.ackedEarlier;
        skipped += o.skipped;
        unacked += o.unacked;
        connects += o.connects;
        seconds = Math.max(seconds, o.seconds);
        o.refusals.forEach((k, v) -> refusals.merge(k, v, Long::sum));
        acks.add(o.acks);
    }

    String encode(String phase) {
        StringBuilder r = new StringBuilder();
        refusals.forEach((k, v) -> r.append(k).append('=').append(v).append(';'));
        return "report " + phase + " sent=" + sent + " acked=" + acked + " ackedEarlier=" + ackedEarlier + " skipped=" + skipped + " unacked=" + unacked
                + " connects=" + connects + " seconds=" + seconds + " refusals=" + r + " acks=" + acks.encode();
    }

    static LoadCounts decode(String line) {
        LoadCounts c = new LoadCounts();
        for (String field : line.split(" ")) {
            int eq = field.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String value = field.substring(eq + 1);
            switch (field.substring(0, eq)) {
                case "sent" -> c.sent = Long.parseLong(value);
                case "acked" -> c.acked = Long.parseLong(value);
                case "ackedEarlier" -> c.ackedEarlier = Long.parseLong(value);
                case "skipped" -> c.skipped = Long.parseLong(value);
                case "unacked" -> c.unacked = Long.parseLong(value);
                case "connects" -> c.connects = Long.parseLong(value);
                case "seconds" -> c.seconds = Double.parseDouble(value);
                case "refusals" -> {
                    for (String pair : value.split(";")) {
                        if (!pair.isEmpty()) {
                            String[] kv = pair.split("=");
                            c.refusals.merge(kv[0], Long.parseLong(kv[1]), Long::sum);
                        }
                    }
                }
                case "acks" -> c.acks.add(Histogram.decode(value));
                default -> {
                }
            }
        }
        return c;
    }
}
