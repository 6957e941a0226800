package io.firegrid.bench.load;

import java.util.HashMap;
import java.util.Map;

/**
 * Where one probe's smoke alarm spent its time, from the probe's clock (PUBLISH handed to Paho, the
 * frame read from the stream) and the gateway's timings in the frame's {@code : path} comment line
 * (same machine, same wall clock), in milliseconds:
 * <ol>
 *   <li>{@code toGateway}: PUBLISH handed to Paho until the gateway's ingest path had the event
 *       (Paho, TCP, the MQTT decoder, the event loop's queue);</li>
 *   <li>{@code queue}: until the store's writer took it from the alarm lane (the transaction it
 *       found running, and its fsync);</li>
 *   <li>{@code commit}: the event and its alarm run and committed on disk, one transaction;</li>
 *   <li>{@code publish}: the commit handed back to the event loop, listeners told;</li>
 *   <li>{@code stream}: until the frame was written on the console's event loop;</li>
 *   <li>{@code toConsole}: written until read by the probe (the rest of the total).</li>
 * </ol>
 * {@code gcMs} is how much of the probe's time the gateway spent in GC pauses (from its GC log).
 */
record AlarmPath(double total, double toGateway, double queue, double commit, double publish, double stream,
                 double toConsole, int batchWrites, int batchReadings, double gcMs) {

    static final String[] STAGES = {"PUBLISH -> gateway's ingest (Paho, TCP, MQTT decode, event loop)",
        "-> taken by the store's writer (alarm lane)", "-> event and alarm committed on disk (one transaction)",
        "-> listeners told (commit handed to the event loop)", "-> written to the stream (console's event loop)",
        "-> read by the console", "total: PUBLISH -> alarm on the stream", "  of which the gateway was in a GC pause"};

    double[] stages() {
        return new double[] {toGateway, queue, commit, publish, stream, toConsole, total, gcMs};
    }

    /**
     * The stages of a probe published at {@code t0WallMicros} (epoch) whose frame arrived
     * {@code totalMs} later with the gateway's {@code path} line ({@code received=... queue=...}), or
     * null when the frame carried none.
     */
    static AlarmPath of(long t0WallMicros, double totalMs, String path, GcLog.Pauses gc) {
        if (path == null) {
            return null;
        }
        Map<String, String> f = new HashMap<>();
        for (String part : path.trim().split(" ")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                f.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        try {
            double toGateway = (Long.parseLong(f.get("received")) - t0WallMicros) / 1e3;
            double queue = Long.parseLong(f.get("queue")) / 1e3;
            double commit = Long.parseLong(f.get("commit")) / 1e3;
            double publish = Long.parseLong(f.get("publish")) / 1e3;
            double stream = Long.parseLong(f.get("stream")) / 1e3;
            String[] batch = f.getOrDefault("batch", "0/0").split("/");
            double rest = totalMs - toGateway - queue - commit - publish - stream;
            long t0Ms = t0WallMicros / 1000;
            double gcMs = gc == null ? 0 : gc.overlapMillis(t0Ms, t0Ms + (long) Math.ceil(totalMs));
            return new AlarmPath(totalMs, toGateway, queue, commit, publish, stream, rest, Integer.parseInt(batch[0]),
                    Integer.parseInt(batch[1]), gcMs);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
