package io.firegrid.gateway.health;

import java.lang.management.ManagementFactory;
import java.util.Optional;

/**
 * How many open files the gateway may need at its connection limits, against what the operating
 * system allows the process. Every MQTT, HTTP and GB/T 26875.3 connection holds a file descriptor;
 * beyond the limit the kernel refuses new sockets ("Too many open files") for every endpoint at
 * once, a real device included, before any of the gateway's own bounds can answer. The limits are
 * meant to answer first, so the process's limit must be above their sum.
 *
 * @param mqttConnections    {@code FIREGRID_MQTT_MAX_CONNECTIONS}
 * @param httpConnections    {@code FIREGRID_HTTP_MAX_CONNECTIONS}
 * @param gb26875Connections {@code FIREGRID_GB26875_MAX_CONNECTIONS}
 */
public record FileBudget(int mqttConnections, int httpConnections, int gb26875Connections) {

    /**
     * Files beside the connections: the store and its journal, the jars, logs, the UDP sockets of
     * CoAP, and outgoing connections (InfluxDB, Hono, webhooks, SMS and voice providers).
     */
    public static final int RESERVE = 1_000;

    /** Open files the gateway may hold with every endpoint at its limit. */
    public long needed() {
        return (long) mqttConnections + httpConnections + gb26875Connections + RESERVE;
    }

    /**
     * What to tell the operator when {@code limit} (the process's open-file limit; below 0: unknown)
     * is below {@link #needed()}; empty when it is enough or unknown.
     */
    public Optional<String> shortfall(long limit) {
        long needed = needed();
        if (limit < 0 || limit >= needed) {
            return Optional.empty();
        }
        return Optional.of("this process may open " + limit + " files, but the connection limits allow "
                + mqttConnections + " MQTT, " + httpConnections + " HTTP and " + gb26875Connections
                + " GB/T 26875.3 connections, which with " + RESERVE + " other files need " + needed
                + ": past " + limit + " every endpoint refuses new sockets at once. Raise the limit to at least "
                + needed + " (systemd: LimitNOFILE=" + needed + " as in gateway/deploy/firegrid-gateway.service;"
                + " a shell: ulimit -n " + needed + ") or lower FIREGRID_MQTT_MAX_CONNECTIONS to "
                + Math.max(1, limit - httpConnections - gb26875Connections - RESERVE));
    }

    /** The process's open-file limit as the JVM sees it (it raises its soft limit to the hard one); -1 where unknown. */
    public static long processLimit() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return -1;
    }
}
