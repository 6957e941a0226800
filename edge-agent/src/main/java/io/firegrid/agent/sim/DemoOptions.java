package io.firegrid.agent.sim;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the demo simulator finds the gateway and keeps its files.
 *
 * @param gatewayHttp the gateway's HTTP API base, e.g. {@code http://localhost:8080}
 * @param adminToken  the gateway's admin token ({@code FIREGRID_ADMIN_TOKEN}), to register devices
 * @param mqttUri     the gateway's MQTT endpoint, e.g. {@code tcp://localhost:1883}
 * @param devices     how many agents to simulate; default {@value #DEFAULT_DEVICES}
 * @param dataDir     device passwords and one data directory per agent; default {@value #DEFAULT_DATA_DIR}
 * @param firePanelTo the gateway's GB/T 26875.3 listener, to simulate building 7's fire alarm panel
 *                    and its UITD; {@code null}: no panel
 */
public record DemoOptions(URI gatewayHttp, String adminToken, URI mqttUri, int devices, Path dataDir,
                          InetSocketAddress firePanelTo) {

    public static final int DEFAULT_DEVICES = 3;
    public static final String DEFAULT_DATA_DIR = "./data/simulator";

    public DemoOptions {
        Objects.requireNonNull(gatewayHttp, "gatewayHttp");
        Objects.requireNonNull(adminToken, "adminToken");
        Objects.requireNonNull(mqttUri, "mqttUri");
        Objects.requireNonNull(dataDir, "dataDir");
        DemoDevice.first(devices); // validates the count
    }

    /** Options without a fire alarm panel. */
    public DemoOptions(URI gatewayHttp, String adminToken, URI mqttUri, int devices, Path dataDir) {
        this(gatewayHttp, adminToken, mqttUri, devices, dataDir, null);
    }

    @Override
    public String toString() {
        return "DemoOptions[gatewayHttp=" + gatewayHttp + ", adminToken=***, mqttUri=" + mqttUri + ", devices="
                + devices + ", dataDir=" + dataDir + ", firePanelTo=" + firePanelTo + "]";
    }
}
