package io.firegrid.config.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firegrid.config.bundle.Bundler;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dead Pi replaced: same id, site, sensors and history; new secrets in a new bundle; the old card refused. */
class ReplaceCommandTest {

    @TempDir
    Path dir;

    TestGateway gw;
    Path inventory;
    String mqtt;

    @BeforeEach
    void registeredAndBundled() {
        gw = TestGateway.start(dir.resolve("gw"));
        inventory = dir.resolve("site.yaml");
        Cli.run("init", "--tenant", "t1", inventory.toString());
        mqtt = "tcp://127.0.0.1:" + gw.gateway().mqttPort();
        assertThat(Cli.run("bundle", inventory.toString(), "--mqtt", mqtt, "--plain", "--out", dir.resolve("bundles").toString())
                .exit()).isZero();
        assertThat(Cli.run("register", inventory.toString(), "--gateway", gw.uri("").toString(), "--token",
                TestGateway.ADMIN_TOKEN).exit()).isZero();
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    @Test
    void aReplacedDeviceKeepsItsIdentityAndHistoryAndOnlyTheNewCardLogsIn() throws Exception {
        Map<String, String> old = Bundler.readEnv(dir.resolve("bundles/pi-0001/firegrid/agent.env"));
        gw.connect("pi-0001@t1", old.get("FIREGRID_AGENT_PASSWORD")).disconnect();
        String before = new JsonObject(gw.get("/api/v1/devices/t1/pi-0001").body()).put("connected", null)
                .put("lastSeen", null).put("protocol", null).encode();

        Cli r = Cli.run("replace", inventory.toString(), "pi-0001", "--gateway", gw.uri("").toString(), "--token",
                TestGateway.ADMIN_TOKEN, "--mqtt", mqtt, "--plain", "--out", dir.resolve("bundles").toString());

        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        // the figure docs/lifecycle.md quotes: rotate, save and bundle one device, in process
        System.out.println(r.out().lines().filter(l -> l.startsWith("replaced")).findFirst().orElseThrow());
        assertThat(r.out()).contains("new credentials  pi-0001@t1: issued, the old password and PSK revoked")
                .containsPattern("replaced         pi-0001 in \\d+\\.\\d s. Next: firegrid config flash pi-0001");
        Map<String, String> fresh = Bundler.readEnv(dir.resolve("bundles/pi-0001/firegrid/agent.env"));
        assertThat(fresh.get("FIREGRID_AGENT_PASSWORD")).isNotEqualTo(old.get("FIREGRID_AGENT_PASSWORD"));
        assertThat(fresh.get("FIREGRID_AGENT_PSK")).isNotEqualTo(old.get("FIREGRID_AGENT_PSK"));
        assertThat(r.out()).contains("removed          the old bundle").contains("pi-0001").doesNotContain("pi-0002 ->");

        // the old card is refused, the new one logs in; the other devices are untouched
        assertThatThrownBy(() -> gw.connect("pi-0001@t1", old.get("FIREGRID_AGENT_PASSWORD")))
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(0x86));
        gw.connect("pi-0001@t1", fresh.get("FIREGRID_AGENT_PASSWORD")).disconnect();
        gw.connect("pi-0002@t1", Bundler.readEnv(dir.resolve("bundles/pi-0002/firegrid/agent.env")).get("FIREGRID_AGENT_PASSWORD"))
                .disconnect();

        // same identity, site, sensors; the history says what happened
        String after = new JsonObject(gw.get("/api/v1/devices/t1/pi-0001").body()).put("connected", null)
                .put("lastSeen", null).put("protocol", null).encode();
        assertThat(after).isEqualTo(before);
        JsonArray history = new JsonArray(gw.get("/api/v1/devices/t1/pi-0001/history").body());
        assertThat(history.getJsonObject(history.size() - 1).getString("detail"))
                .contains("new password and PSK (identity pi-0001@t1); old password and PSK refused from now");

        // register afterwards agrees with the gateway: the credentials file holds the new password
        Cli again = Cli.run("register", inventory.toString(), "--gateway", gw.uri("").toString(), "--token",
                TestGateway.ADMIN_TOKEN);
        assertThat(again.out()).contains("unchanged  device pi-0001 (already registered)").doesNotContain("note:");
    }

    @Test
    void aDeviceNotInTheFileOrATokenRefusedChangesNothing() {
        Cli unknown = Cli.run("replace", inventory.toString(), "pi-9999", "--gateway", gw.uri("").toString(), "--token",
                TestGateway.ADMIN_TOKEN, "--mqtt", mqtt, "--plain");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("has no device 'pi-9999'", "pi-0001");

        Cli refused = Cli.run("replace", inventory.toString(), "pi-0001", "--gateway", gw.uri("").toString(), "--token",
                "not-the-token", "--mqtt", mqtt, "--plain");
        assertThat(refused.exit()).isEqualTo(3);
        assertThat(refused.err()).contains("refused the token", "nothing changed");
        assertThat(gw.get("/api/v1/devices/t1/pi-0001/history").body()).doesNotContain("credentials-rotated");
    }
}
