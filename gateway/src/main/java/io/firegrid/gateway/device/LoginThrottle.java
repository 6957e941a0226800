package io.firegrid.gateway.device;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts failed logins per login name and per source address, and says what the next attempt may
 * do: go ahead, wait first (a delay doubling with each failure beyond a threshold), or nothing at
 * all while the name or the address is blocked. The numbers are {@link LoginLimits}.
 *
 * <p>For its login name, an attempt counts as failed from the moment it {@link #begin begins}
 * until it is reported {@link #succeeded} or {@link #abandoned} (the gateway was too busy to check
 * it): a device has one connection at a time, so 32 guesses at one name sent at once are throttled
 * as if sent one after the other. For its source address, an attempt counts only once it is known
 * to have {@link #failed}: the devices of a building behind one NAT address reconnect all at once
 * after a restart, and their logins in flight are no failures; what one address can have in flight
 * at once is bounded by the key derivation pool, not here. A login name is tracked whether or
 * not a device of that name exists, so how the throttle answers tells nothing about which devices
 * exist. A success forgets its name's failures (not a block in force: that ends when it says) but
 * not its address's (a guesser with one good
 * password cannot wipe its address clean). Failures are forgotten {@link LoginLimits#block()}
 * after the last one, and a block ends after that time too.
 *
 * <p>Bounded: at most {@link LoginLimits#maxKeys()} names and addresses are tracked, the least
 * recently used dropped first, so an attacker cycling made-up names cannot grow it.
 *
 * <p>Thread-safe (one lock; each call is a few map operations).
 */
public final class LoginThrottle {

    /** What a key counts: logins of one name, or logins from one address. */
    public enum Kind {
        DEVICE("device"), ADDRESS("address");

        private final String wireName;

        Kind(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /** A login name ({@code {device}@{tenant}} as sent) or an IP address. */
    public record Key(Kind kind, String value) {
    }

    /** A key refused until {@code until}, after {@code failures} failed logins. */
    public record Block(Key key, int failures, Instant until) {
    }

    /**
     * What one attempt may do: refused ({@code block} not null), or checked after {@code delay}
     * (zero: at once); {@code delayedBy} names the key that asked for the delay.
     */
    public static final class Attempt {
        private final Key name;
        private final Key address;
        private final Block block;
        private final Duration delay;
        private final Kind delayedBy;
        private boolean settled;

        private Attempt(Key name, Key address, Block block, Duration delay, Kind delayedBy) {
            this.name = name;
            this.address = address;
            this.block = block;
            this.delay = delay;
            this.delayedBy = delayedBy;
            this.settled = block != null;
        }

        public Block block() {
            return block;
        }

        public Duration delay() {
            return delay;
        }

        public Kind delayedBy() {
            return delayedBy;
        }
    }

    private static final class State {
        int failures;
        /** Attempts begun and not settled yet; counted for addresses, apart from their failures. */
        int pending;
        Instant lastFailure;
        Instant blockedUntil;
    }

    private final LoginLimits limits;
    private final Clock clock;
    private final LinkedHashMap<Key, State> keys;
    /** Names and addresses dropped, least recently used first, to keep the table within its bound. */
    private long forgotten;

    public LoginThrottle(LoginLimits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
        this.keys = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, State> eldest) {
                if (size() <= limits.maxKeys()) {
                    return false;
                }
                forgotten++;
                return true;
            }
        };
    }

    /** The limits this throttle applies. */
    public LoginLimits limits() {
        return limits;
    }

    /**
     * Starts an attempt to log in as {@code name} from {@code address}: refused if either is
     * blocked, else counted as failed (until told otherwise) and given the longer of the two
     * keys' delays. Every attempt that is not refused must end in {@link #failed},
     * {@link #succeeded} or {@link #abandoned}.
     */
    public synchronized Attempt begin(String name, String address) {
        Instant now = clock.instant();
        Key n = new Key(Kind.DEVICE, name);
        Key a = new Key(Kind.ADDRESS, address);
        State ns = state(n, now);
        State as = state(a, now);
        Block blocked = blockIfDue(n, ns, limits.blockAfter(), now);
        if (blocked == null) {
            blocked = blockIfDue(a, as, limits.addressBlockAfter(), now);
        }
        if (blocked != null) {
            return new Attempt(n, a, blocked, Duration.ZERO, null);
        }
        ns.failures++;
        ns.lastFailure = now;
        as.pending++;
        long byName = delayMs(ns.failures, limits.delayAfter());
        // this attempt as the address's next failure, as the name counts it: delayed from the one after the threshold
        long byAddress = delayMs(as.failures + 1, limits.addressDelayAfter());
        Kind by = byName == 0 && byAddress == 0 ? null : byName >= byAddress ? Kind.DEVICE : Kind.ADDRESS;
        return new Attempt(n, a, null, Duration.ofMillis(Math.max(byName, byAddress)), by);
    }

    /** The block in force now of {@code name} or of {@code address}, if any; counts nothing and tracks nothing new. */
    public synchronized Block blockOf(String name, String address) {
        Instant now = clock.instant();
        for (Key key : new Key[] {new Key(Kind.DEVICE, name), new Key(Kind.ADDRESS, address)}) {
            State s = keys.get(key);
            if (s != null && s.blockedUntil != null && now.isBefore(s.blockedUntil)) {
                return new Block(key, s.failures, s.blockedUntil);
            }
        }
        return null;
    }

    /** The attempt's password was wrong (or the device unknown); the blocks this started, if any. */
    public synchronized List<Block> failed(Attempt attempt) {
        if (settle(attempt)) {
            return List.of();
        }
        Instant now = clock.instant();
        State as = settlePending(attempt.address, now);
        as.failures++;
        as.lastFailure = now;
        List<Block> started = new ArrayList<>(1);
        Block b = startBlock(attempt.name, limits.blockAfter(), now);
        if (b != null) {
            started.add(b);
        }
        b = startBlock(attempt.address, limits.addressBlockAfter(), now);
        if (b != null) {
            started.add(b);
        }
        return started;
    }

    /** The attempt logged in: its name's failures are forgotten, and it was no failure of its address. */
    public synchronized void succeeded(Attempt attempt) {
        if (settle(attempt)) {
            return;
        }
        forgetUnlessBlocked(attempt.name);
        settlePending(attempt.address, clock.instant());
    }

    /** The attempt was not checked (the gateway was busy): it counts as no failure. */
    public synchronized void abandoned(Attempt attempt) {
        if (settle(attempt)) {
            return;
        }
        uncount(attempt.name);
        settlePending(attempt.address, clock.instant());
    }

    /** One attempt of {@code address} is no longer in flight; its state (tracked again if the bound dropped it). */
    private State settlePending(Key address, Instant now) {
        State s = state(address, now);
        if (s.pending > 0) {
            s.pending--;
        }
        return s;
    }

    /**
     * A login that needed no check (its password was verified before): its name's failures are
     * forgotten, unless the name is blocked (the block holds for everyone else until it ends).
     */
    public synchronized void forget(String name) {
        forgetUnlessBlocked(new Key(Kind.DEVICE, name));
    }

    private void forgetUnlessBlocked(Key key) {
        State s = keys.get(key);
        if (s != null && (s.blockedUntil == null || !clock.instant().isBefore(s.blockedUntil))) {
            keys.remove(key);
        }
    }

    /** The blocks in force now, those ending first first. */
    public synchronized List<Block> blocks() {
        Instant now = clock.instant();
        List<Block> out = new ArrayList<>();
        for (Map.Entry<Key, State> e : keys.entrySet()) {
            State s = e.getValue();
            if (s.blockedUntil != null && now.isBefore(s.blockedUntil)) {
                out.add(new Block(e.getKey(), s.failures, s.blockedUntil));
            }
        }
        out.sort(Comparator.comparing(Block::until));
        return out;
    }

    /** Blocks in force now of {@code kind}. */
    public synchronized int blocked(Kind kind) {
        // read by the metrics gauge: one pass, no list built or sorted while every login waits for the lock
        Instant now = clock.instant();
        int n = 0;
        for (Map.Entry<Key, State> e : keys.entrySet()) {
            State s = e.getValue();
            if (e.getKey().kind() == kind && s.blockedUntil != null && now.isBefore(s.blockedUntil)) {
                n++;
            }
        }
        return n;
    }

    /** Lifts the block of {@code key} and forgets its failures; false if it was not blocked. */
    public synchronized boolean lift(Key key) {
        State s = keys.get(key);
        boolean wasBlocked = s != null && s.blockedUntil != null && clock.instant().isBefore(s.blockedUntil);
        if (wasBlocked) {
            keys.remove(key);
        }
        return wasBlocked;
    }

    /** Names and addresses tracked now (at most {@link LoginLimits#maxKeys()}). */
    public synchronized int tracked() {
        return keys.size();
    }

    /**
     * Names and addresses forgotten to stay within {@link LoginLimits#maxKeys()}, blocked ones
     * included: a rising count while logins fail is someone inventing names to flush the table.
     */
    public synchronized long forgotten() {
        return forgotten;
    }

    private State state(Key key, Instant now) {
        State s = keys.get(key);
        if (s == null) {
            s = new State();
            keys.put(key, s);
            return s;
        }
        if (s.blockedUntil != null ? !now.isBefore(s.blockedUntil)
                : s.lastFailure != null && !now.isBefore(s.lastFailure.plus(limits.block()))) {
            s.failures = 0;
            s.lastFailure = null;
            s.blockedUntil = null;
        }
        return s;
    }

    /** The block of {@code key}, started now if its failures (pending ones included) reached {@code after}. */
    private Block blockIfDue(Key key, State s, int after, Instant now) {
        if (s.blockedUntil == null && s.failures >= after) {
            s.blockedUntil = endOfBlock(now);
        }
        return s.blockedUntil == null ? null : new Block(key, s.failures, s.blockedUntil);
    }

    private Block startBlock(Key key, int after, Instant now) {
        State s = keys.get(key);
        if (s == null || s.blockedUntil != null || s.failures < after) {
            return null;
        }
        s.blockedUntil = endOfBlock(now);
        return new Block(key, s.failures, s.blockedUntil);
    }

    /** Whole seconds, rounded up, so that the time in a reason reads easily and is not before the real end. */
    private Instant endOfBlock(Instant now) {
        return now.plus(limits.block()).plusNanos(999_999_999).truncatedTo(ChronoUnit.SECONDS);
    }

    private void uncount(Key key) {
        State s = keys.get(key);
        if (s != null && s.failures > 0 && s.blockedUntil == null) {
            s.failures--;
        }
    }

    private long delayMs(int failures, int after) {
        if (failures <= after || limits.delayMs() == 0) {
            return 0;
        }
        int doublings = Math.min(failures - after - 1, 30);
        return Math.min((long) limits.delayMs() << doublings, limits.maxDelayMs());
    }

    private static boolean settle(Attempt attempt) {
        boolean was = attempt.settled;
        attempt.settled = true;
        return was;
    }
}
