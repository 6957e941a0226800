package io.firegrid.bench.dispatch;

import java.time.Instant;

/** Wall-clock instants as epoch microseconds: the resolution of the gateway's clock on Linux. */
final class Clocks {

    private Clocks() {
    }

    static long epochMicros(Instant t) {
        return t.getEpochSecond() * 1_000_000 + t.getNano() / 1_000;
    }

    static long epochMicros(String isoInstant) {
        return epochMicros(Instant.parse(isoInstant));
    }
}
