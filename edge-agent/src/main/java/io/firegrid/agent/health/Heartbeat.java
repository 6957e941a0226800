package io.firegrid.agent.health;

import io.firegrid.agent.uplink.OutboxStats;
import io.firegrid.protocol.Kind;
import io.firegrid.protocol.Reading;
import io.firegrid.protocol.Readings;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent's heartbeat: one telemetry message of {@code device} readings that tells a maintainer
 * how the agent is doing. It is ordinary telemetry on the wire contract, so the gateway stores it
 * and shows each value under the device's last values:
 * <pre>
 * {"ts":"...","seq":77,"readings":[
 *   {"sensor":"agent.uptime","kind":"device","value":3600,"unit":"s"},
 *   {"sensor":"agent.outbox-messages","kind":"device","value":0,"unit":"messages"},
 *   {"sensor":"agent.outbox-bytes","kind":"device","value":0,"unit":"B"},
 *   {"sensor":"agent.dropped-telemetry","kind":"device","value":0,"unit":"messages"},
 *   {"sensor":"agent.refused-commands","kind":"device","value":0,"unit":"commands"},
 *   {"sensor":"agent.heap-used","kind":"device","value":9437184,"unit":"B"},
 *   {"sensor":"agent.heap-max","kind":"device","value":67108864,"unit":"B"},
 *   {"sensor":"agent.version","kind":"device","value":100,"unit":"version"}]}
 * </pre>
 * {@code agent.version} is the agent's version as one number, major × 10000 + minor × 100 + patch
 * (0.1.0 is 100; 0 when the agent runs from classes without a jar manifest), since readings carry
 * numbers only. Being telemetry, a heartbeat queued while the gateway is away may be dropped to
 * make room for newer messages; the next one carries the counts.
 *
 * <p>Thread-safe.
 */
public final class Heartbeat {

    public static final String UPTIME = "agent.uptime";
    public static final String OUTBOX_MESSAGES = "agent.outbox-messages";
    public static final String OUTBOX_BYTES = "agent.outbox-bytes";
    public static final String DROPPED_TELEMETRY = "agent.dropped-telemetry";
    public static final String REFUSED_COMMANDS = "agent.refused-commands";
    public static final String HEAP_USED = "agent.heap-used";
    public static final String HEAP_MAX = "agent.heap-max";
    public static final String VERSION = "agent.version";

    private static final Pattern SEMVER = Pattern.compile("(\\d{1,3})\\.(\\d{1,2})\\.(\\d{1,2}).*");

    private final Clock clock;
    private final Instant started;
    private final Supplier<OutboxStats> outbox;
    private final LongSupplier refusedCommands;
    private final long version;

    /**
     * @param started         when the agent started, for the uptime
     * @param outbox          the uplink's outbox, read at each heartbeat
     * @param refusedCommands commands refused so far
     * @param version         the agent's version, e.g. {@code 0.1.0-SNAPSHOT}, or {@code null} if unknown
     */
    public Heartbeat(Clock clock, Instant started, Supplier<OutboxStats> outbox, LongSupplier refusedCommands, String version) {
        this.clock = clock;
        this.started = started;
        this.outbox = outbox;
        this.refusedCommands = refusedCommands;
        this.version = versionNumber(version);
    }

    /** The heartbeat as of now, numbered {@code seq}. */
    public Readings next(long seq) {
        Instant now = clock.instant();
        OutboxStats o = outbox.get();
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return new Readings(now, seq, List.of(
                reading(UPTIME, Duration.between(started, now).toSeconds(), "s"),
                reading(OUTBOX_MESSAGES, o.messages(), "messages"),
                reading(OUTBOX_BYTES, o.bytes(), "B"),
                reading(DROPPED_TELEMETRY, o.droppedTelemetry(), "messages"),
                reading(REFUSED_COMMANDS, refusedCommands.getAsLong(), "commands"),
                reading(HEAP_USED, heap.getUsed(), "B"),
                reading(HEAP_MAX, heap.getMax(), "B"),
                reading(VERSION, version, "version")));
    }

    private static Reading reading(String sensor, long value, String unit) {
        return new Reading(sensor, Kind.DEVICE, value, unit);
    }

    /** {@code 1.2.3...} as 10203; 0 for {@code null} or anything else. */
    static long versionNumber(String version) {
        if (version == null) {
            return 0;
        }
        Matcher m = SEMVER.matcher(version);
        if (!m.matches()) {
            return 0;
        }
        return Long.parseLong(m.group(1)) * 10_000 + Long.parseLong(m.group(2)) * 100 + Long.parseLong(m.group(3));
    }

    /** The version in this agent's jar manifest, or {@code null} when run from classes. */
    public static String agentVersion() {
        return Heartbeat.class.getPackage().getImplementationVersion();
    }
}
