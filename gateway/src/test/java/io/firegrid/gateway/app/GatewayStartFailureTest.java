package io.firegrid.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firegrid.gateway.coap.CoapOptions;
import io.firegrid.gateway.endpoint.Ports;
import io.firegrid.gateway.support.TestGateway;
import io.firegrid.protocol.FireGridException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway that cannot open a port stops starting with a reason naming the port and its setting,
 * and closes exactly what it had opened: the endpoints bound before, the store, Vert.x.
 */
class GatewayStartFailureTest {

    @TempDir
    Path dataDir;

    @Test
    void aTakenMqttPortIsRefusedNamingThePortAndItsSetting() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, loopback())) {
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> Gateway.start(TestGateway.config(dataDir).withMqttPort(port)))
                    .isInstanceOfSatisfying(FireGridException.class, e -> assertThat(e.code()).isEqualTo("bind-failed"))
                    .hasMessageStartingWith("cannot open the MQTT port " + port + ": ")
                    .hasMessageContaining("Address already in use")
                    .hasMessageEndingWith(". Is another server using it? Set FIREGRID_MQTT_PORT to a free port, "
                            + "or 0 for any free port.");
        }
    }

    @Test
    void aTakenHttpPortClosesTheMqttAndCoapPortsOpenedBeforeIt() throws Exception {
        int mqttPort = freeTcpPort();
        int coapPort = freeUdpPort();
        try (ServerSocket taken = new ServerSocket(0, 50, loopback())) {
            int httpPort = taken.getLocalPort();

            assertThatThrownBy(() -> Gateway.start(TestGateway.config(dataDir).withMqttPort(mqttPort)
                    .withCoap(CoapOptions.DEFAULTS.withPorts(coapPort, -1)).withHttpPort(httpPort)))
                    .hasMessageStartingWith("cannot open the HTTP port " + httpPort + ": ")
                    .hasMessageContaining("FIREGRID_HTTP_PORT");
        }

        // binding these again would fail if the gateway still held them
        try (ServerSocket mqtt = new ServerSocket(mqttPort, 50, loopback());
             DatagramSocket coap = new DatagramSocket(coapPort, loopback())) {
            assertThat(mqtt.getLocalPort()).isEqualTo(mqttPort);
            assertThat(coap.getLocalPort()).isEqualTo(coapPort);
        }
        // and the store was closed: the next start on the same data directory opens it
        try (Gateway gw = Gateway.start(TestGateway.config(dataDir))) {
            assertThat(gw.httpPort()).isPositive();
        }
    }

    @Test
    void aTakenCoapPortIsRefusedWithTheSameWordingAndTheMqttPortIsFreedAgain() throws Exception {
        int mqttPort = freeTcpPort();
        try (DatagramSocket taken = new DatagramSocket(0, loopback())) {
            int coapPort = taken.getLocalPort();

            assertThatThrownBy(() -> Gateway.start(TestGateway.config(dataDir).withMqttPort(mqttPort)
                    .withCoap(CoapOptions.DEFAULTS.withPorts(coapPort, -1))))
                    .isInstanceOfSatisfying(FireGridException.class, e -> assertThat(e.code()).isEqualTo("bind-failed"))
                    .hasMessageStartingWith("cannot open the CoAP port 127.0.0.1:" + coapPort + " (UDP): ")
                    .hasMessageEndingWith(". Is another server using it? Set FIREGRID_COAP_PORT to a free port, "
                            + "or 0 for any free port.");
        }

        try (ServerSocket mqtt = new ServerSocket(mqttPort, 50, loopback())) {
            assertThat(mqtt.getLocalPort()).isEqualTo(mqttPort);
        }
    }

    @Test
    void aStartedGatewayTellsTheSamePortsAsItsPortsFile() throws Exception {
        try (Gateway gw = Gateway.start(TestGateway.config(dataDir).withCoap(CoapOptions.DEFAULTS.withPorts(0, -1)))) {
            Ports written = Ports.read(dataDir);

            assertThat(written).isEqualTo(gw.ports());
            assertThat(written).isEqualTo(new Ports(gw.httpPort(), -1, gw.mqttPort(), -1, gw.coapPort(), -1));
            assertThat(gw.httpPort()).isPositive();
            assertThat(gw.mqttPort()).isPositive();
            assertThat(gw.coapPort()).isPositive();
        }
    }

    private static InetAddress loopback() throws Exception {
        return InetAddress.getByName("127.0.0.1");
    }

    private static int freeTcpPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 50, loopback())) {
            return s.getLocalPort();
        }
    }

    private static int freeUdpPort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, loopback())) {
            return s.getLocalPort();
        }
    }
}
