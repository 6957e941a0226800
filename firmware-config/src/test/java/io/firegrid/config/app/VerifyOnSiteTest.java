package io.firegrid.config.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.agent.Agent;
import io.firegrid.agent.app.AgentConfig;
import io.firegrid.agent.seq.SeqCounter;
import io.firegrid.agent.uplink.MqttUplink;
import io.firegrid.config.bundle.Bundler;
import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.CoapDevice;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify} on a site as installers meet it, against a real gateway and edge agents (Pi4J
 * mock platform) or a CoAP device (Californium): every sensor kind, devices online by connection or
 * by message, offline devices reported once without waiting, and the site in drill for the check.
 */
class VerifyOnSiteTest {

    private static final Pattern SUMMARY = Pattern.compile(
            "(PASSED|FAILED): (\\d+) passed, (\\d+) failed, (\\d+) not checked(?:, (\\d+) devices? down)? in ");

    @TempDir
    Path dir;

    private TestGateway gw;
    private Path site;
    private Path bundles;
    private final List<Agent> agents = new ArrayList<>();

    @BeforeEach
    void startGateway() {
        gw = TestGateway.start(dir.resolve("gw"));
        site = dir.resolve("site.yaml");
        bundles = dir.resolve("bundles");
    }

    @AfterEach
    void stop() {
        agents.forEach(Agent::close);
        gw.close();
    }

    @Test
    void aCallPointAndAnExitSensorPassSayingWhatTheySawAndExpected() throws Exception {
        writeSite("""
                  - id: pi-0001
                    site: bldg-7
                    location: Stair A, ground floor
                    sensors:
                      - {id: call-1, kind: call-point, zone: lobby, gpio: 17, contact: "NO"}
                      - {id: exit-1, kind: exit, zone: lobby, gpio: 22, contact: "NO"}
                      - {id: door-1, kind: door, zone: lobby, gpio: 27, contact: "NC"}
                """);
        bundleAndRegister();
        runAgent("pi-0001", a -> {
            a.mockContact("call-1").set(false);
            a.mockContact("exit-1").set(false);
            a.mockContact("door-1").set(false);
        });

        Cli verify = verify("--timeout", "30");

        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out())
                .contains("PASS  pi-0001 call-1 (call-point): saw normal, expected normal")
                .contains("PASS  pi-0001 exit-1 (exit): saw clear, expected clear")
                .contains("PASS  pi-0001 door-1 (door): saw closed, expected closed")
                .doesNotContain("not checked by verify")
                .contains("PASSED: 3 passed, 0 failed, 0 not checked");
        assertSummaryMatchesLines(verify.out());
    }

    @Test
    void aCoapDeviceThatSentAMessageIsOnlineAndPasses() throws Exception {
        initSite();
        bundleAndRegister();
        String psk = credentials().getProperty("psk.pi-0001@t1");
        try (CoapDevice pi = CoapDevice.dtls(gw.coapsUri(), "pi-0001@t1", psk)) {
            CoapResponse smoke = pi.post("/event", Bodies.smoke(1, "smoke-1", "normal"));
            CoapResponse door = pi.post("/event", Bodies.door(2, "closed"));
            assertThat(smoke.getCode()).isEqualTo(CoAP.ResponseCode.CHANGED);
            assertThat(door.getCode()).isEqualTo(CoAP.ResponseCode.CHANGED);
        }
        assertThat(new JsonObject(gw.get("/api/v1/devices/t1/pi-0001").body()).getBoolean("connected")).isFalse();

        Cli verify = verify("--device", "pi-0001", "--timeout", "30");

        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out()).contains("pi-0001: online, every sensor as expected")
                .contains("PASS  pi-0001 smoke-1 (smoke): saw normal, expected normal")
                .contains("PASS  pi-0001 door-1 (door): saw closed, expected closed")
                .doesNotContain("never").contains("PASSED: 2 passed, 0 failed, 0 not checked");
        assertSummaryMatchesLines(verify.out());
    }

    @Test
    void anOfflineDeviceGetsOneCauseLineAndItsSensorsAreNotCheckedWithoutWaitingOutTheTimeout() throws Exception {
        initSite();
        bundleAndRegister();
        Agent pi1 = runAgent("pi-0001", a -> a.mockContact("door-1").set(false));
        pi1.close();
        agents.remove(pi1);
        await().atMost(Duration.ofSeconds(10)).until(() -> !connected("pi-0001"));

        long started = System.nanoTime();
        Cli verify = verify("--timeout", "120");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(verify.exit()).isEqualTo(1);
        assertThat(took).as("verify waited out --timeout 120").isLessThan(Duration.ofSeconds(60));
        String out = verify.out();
        assertThat(out).containsPattern("DOWN  pi-0001: offline since \\d\\d:\\d\\d ")
                .containsPattern("SKIP  pi-0001 smoke-1 \\(smoke\\): not checked: device offline since \\d\\d:\\d\\d")
                .containsPattern("SKIP  pi-0001 door-1 \\(door\\): not checked: device offline since \\d\\d:\\d\\d")
                .contains("DOWN  pi-0002: never seen by the gateway")
                .contains("SKIP  pi-0002 hydrant-1 (pressure): not checked: device never seen")
                .doesNotContain("FAIL  pi-0001").doesNotContain("GPIO 17")
                .contains("FAILED: 0 passed, 0 failed, 4 not checked, 2 devices down");
        assertThat(count(out, "DOWN  pi-0001")).isEqualTo(1);
        assertSummaryMatchesLines(out);
    }

    @Test
    void theSiteIsInDrillDuringTheCheckAndOutAfterAndAnAlarmRaisedDuringItIsADrill() throws Exception {
        initSite();
        bundleAndRegister();
        // the fire door stands open, so the check waits for it to be shut
        Agent pi1 = runAgent("pi-0001", a -> a.mockContact("door-1").set(true));
        assertThat(siteInDrill()).isFalse();

        CompletableFuture<Cli> running = CompletableFuture.supplyAsync(() -> verify("--device", "pi-0001", "--timeout", "60"));
        await().atMost(Duration.ofSeconds(20)).until(this::siteInDrill);
        pi1.mockContact("smoke-1").set(true); // the installer presses the detector's test button
        JsonObject alarm = await().atMost(Duration.ofSeconds(10)).until(() -> gw.openAlarmFor("pi-0001", "smoke-1").orElse(null),
                a -> a != null);
        pi1.mockContact("smoke-1").set(false);
        pi1.mockContact("door-1").set(false);
        Cli verify = running.get();

        assertThat(alarm.getBoolean("drill")).as(alarm.encode()).isTrue();
        assertThat(siteInDrill()).isFalse();
        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out()).containsPattern("drill: site bldg-7 in drill until \\d\\d:\\d\\d: alarms raised during the "
                + "check are drill alarms").contains("drill: site bldg-7 out of drill")
                .contains("PASSED: 2 passed, 0 failed, 0 not checked");
        assertThat(verify.out().indexOf("out of drill")).isGreaterThan(verify.out().indexOf("PASS  pi-0001 door-1"));
        // the open door is named once, with how long it may stay open, before it could raise door-held-open
        assertThat(verify.out()).containsOnlyOnce("pi-0001 door-1 is open: held open 120 s it raises door-held-open (a drill "
                + "alarm while the site is in drill, else one to the crew); shut it when tried");
        assertSummaryMatchesLines(verify.out());
    }

    @Test
    void aTokenThatMayNotDrillIsWarnedThatAlarmsReachPeopleAndTheCheckGoesOn() throws Exception {
        initSite();
        bundleAndRegister();
        runAgent("pi-0001", a -> a.mockContact("door-1").set(false));
        String installer = gw.issueToken(new JsonObject().put("name", "Installer Wu").put("role", "installer"))
                .getString("token");

        Cli verify = Cli.run("verify", site.toString(), "--gateway", gw.uri("").toString(), "--token", installer,
                "--device", "pi-0001", "--timeout", "30", "--interval-ms", "100");

        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out()).contains("WARNING: site bldg-7 was NOT put in drill: HTTP 403 (role installer may not")
                .contains("will reach the crews and grid workers as real alarms")
                .contains("run verify with a token that may (admin, crew or facility-manager)")
                .doesNotContain("out of drill")
                .contains("PASS  pi-0001 smoke-1 (smoke): saw normal, expected normal");
        assertThat(siteInDrill()).isFalse();
    }

    @Test
    void aSiteAlreadyInDrillIsLeftInDrill() throws Exception {
        initSite();
        bundleAndRegister();
        runAgent("pi-0001", a -> a.mockContact("door-1").set(false));
        assertThat(gw.post("/api/v1/sites/t1/bldg-7/drill", "{\"on\":true}").statusCode()).isEqualTo(200);

        Cli verify = verify("--device", "pi-0001", "--timeout", "30");

        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out()).contains("drill: site bldg-7 is already in drill").contains("left as it is")
                .doesNotContain("out of drill");
        assertThat(siteInDrill()).isTrue();
    }

    // --- helpers -------------------------------------------------------------------------------

    private Cli verify(String... more) {
        List<String> args = new ArrayList<>(List.of("verify", site.toString(), "--gateway", gw.uri("").toString(),
                "--token", TestGateway.ADMIN_TOKEN, "--interval-ms", "100"));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    private void initSite() {
        assertThat(Cli.run("init", "--tenant", "t1", site.toString()).exit()).isZero();
    }

    /** The example inventory with {@code devices} (YAML list items) instead of its own. */
    private void writeSite(String devices) throws Exception {
        initSite();
        String text = Files.readString(site);
        Files.writeString(site, text.substring(0, text.indexOf("\ndevices:") + "\ndevices:\n".length()) + devices);
        Cli validate = Cli.run("validate", site.toString());
        assertThat(validate.exit()).as(validate.out() + validate.err()).isZero();
    }

    private void bundleAndRegister() {
        Cli bundle = Cli.run("bundle", site.toString(), "--mqtt", gw.mqttUri(), "--out", bundles.toString());
        assertThat(bundle.exit()).as(bundle.out() + bundle.err()).isZero();
        Cli register = Cli.run("register", site.toString(), "--gateway", gw.uri("").toString(), "--token", TestGateway.ADMIN_TOKEN);
        assertThat(register.exit()).as(register.out() + register.err()).isZero();
    }

    private Properties credentials() throws Exception {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(dir.resolve("site.yaml.credentials"))) {
            p.load(r);
        }
        return p;
    }

    private boolean connected(String device) {
        return new JsonObject(gw.get("/api/v1/devices/t1/" + device).body()).getBoolean("connected");
    }

    private boolean siteInDrill() {
        return new JsonObject(gw.get("/api/v1/sites/t1/bldg-7").body()).getBoolean("drill");
    }

    private static int count(String text, String what) {
        return text.split(Pattern.quote(what), -1).length - 1;
    }

    /** The summary's counts are the PASS, FAIL, SKIP and DOWN lines printed. */
    private static void assertSummaryMatchesLines(String out) {
        Matcher m = SUMMARY.matcher(out);
        assertThat(m.find()).as(out).isTrue();
        assertThat(count(out, "\nPASS  ")).as(out).isEqualTo(Integer.parseInt(m.group(2)));
        assertThat(count(out, "\nFAIL  ")).as(out).isEqualTo(Integer.parseInt(m.group(3)));
        assertThat(count(out, "\nSKIP  ")).as(out).isEqualTo(Integer.parseInt(m.group(4)));
        assertThat(count(out, "\nDOWN  ")).as(out).isEqualTo(m.group(5) == null ? 0 : Integer.parseInt(m.group(5)));
    }

    /** Starts the agent a Pi would start from its bundle, on the mock platform. */
    private Agent runAgent(String device, Consumer<Agent> inputs) throws Exception {
        Path bundle = bundles.resolve(device);
        Map<String, String> env = new HashMap<>(Bundler.readEnv(bundle.resolve("firegrid/agent.env")));
        env.put(AgentConfig.PLATFORM, "mock");
        env.put(AgentConfig.DATA_DIR, dir.resolve("agent-" + device).toString());
        AgentConfig c = AgentConfig.fromEnv(env);
        Agent a = new Agent(c.device(), c.hardware(), SeqCounter.open(c.seqFile()), new MqttUplink(c.uplinkOptions()));
        agents.add(a);
        a.start(inputs);
        await().atMost(Duration.ofSeconds(20)).until(() -> connected(device));
        return a;
    }
}
