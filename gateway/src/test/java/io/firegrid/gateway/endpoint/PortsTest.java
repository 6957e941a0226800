package io.firegrid.gateway.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ports.json}: what a script reads to find the gateway's ports. */
class PortsTest {

    @TempDir
    Path dataDir;

    @Test
    void theFileHoldsEveryEndpointsPortWithMinusOneForThoseSwitchedOff() throws Exception {
        new Ports(8080, -1, 1883, 8883, 5683, -1, 26875).write(dataDir);

        Path file = dataDir.resolve("ports.json");
        assertThat(Files.readString(file))
                .isEqualTo("{\"http\":8080,\"mqtt\":1883,\"mqtts\":8883,\"https\":-1,\"coap\":5683,\"coaps\":-1,\"gb26875\":26875}\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(dataDir.resolve("ports.json.tmp")).doesNotExist();
    }

    @Test
    void aLaterStartReplacesTheFileAndReadsBackWhatWasWritten() throws Exception {
        new Ports(1, 2, 3, 4, 5, 6).write(dataDir);
        Ports now = new Ports(18080, 18443, 11883, -1, 15683, 15684);

        now.write(dataDir);

        assertThat(Ports.read(dataDir)).isEqualTo(now);
    }

    @Test
    void aKeyMissingFromTheFileReadsAsOff() {
        assertThat(Ports.fromJson(new JsonObject().put("http", 18080).put("mqtt", 11883)))
                .isEqualTo(new Ports(18080, -1, 11883, -1, -1, -1));
    }

    @Test
    void theTcpPortsThatListenAreHttpMqttMqttsHttpsInThatOrder() {
        assertThat(new Ports(8080, 8443, -1, 8883, 5683, 5684).tcpListening()).isEqualTo(List.of(8080, 8883, 8443));
    }
}
