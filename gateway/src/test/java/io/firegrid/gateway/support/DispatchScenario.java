package io.firegrid.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.app.Gateway;
import io.firegrid.gateway.app.GatewayConfig;
import io.firegrid.gateway.webhook.WebhookTargets;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small language for dispatch scenarios, on a real gateway whose clock the test moves:
 * <pre>
 * given().site("bldg-7").inCell("cell-3").coveredBy("station-S").withGridWorker("w1").withCaptain("c1");
 * when().detector("smoke-1").alarms();
 * then().notified("station-S crew", "w1", "c1");
 * when().secondsPass(60);
 * then().escalatedTo("station-N crew", "duty");
 * when().site("bldg-7").isPutInDrill();
 * then().alarmIsDrill();
 * </pre>
 * The places are created through the HTTP API before the first {@code when()} step. A station is
 * named {@code "<id> crew"} as a recipient, a person by id. Time moves one second per tick, as in
 * a running gateway; the alarm is raised by a device over MQTT.
 */
public final class DispatchScenario implements AutoCloseable {

    public static final String TENANT = "t1";
    /** Scenarios deliver to {@link WebhookReceiver}s on loopback, which the gateway must be told to allow. */
    static final WebhookTargets LOOPBACK_RECEIVERS = WebhookTargets.allowing(TestGateway.LOOPBACK_CIDRS);

    private GatewayConfig config;
    private final MutableClock clock = MutableClock.atNoon();
    private final ScenarioPlaces places = new ScenarioPlaces();
    private final When when = new When();
    private final Then then = new Then();
    private TestGateway gw;
    private boolean applied;
    private long seq;
    private long alarmId = -1;

    private DispatchScenario(GatewayConfig config) {
        this.config = config;
        this.gw = TestGateway.wrap(Gateway.start(config.withClock(clock)));
    }

    /** A gateway escalating after 60 s and reminding every 60 s, the defaults. */
    public static DispatchScenario start(Path dataDir) {
        return new DispatchScenario(TestGateway.config(dataDir).withWebhookTargets(LOOPBACK_RECEIVERS));
    }

    /** A gateway on the data of an earlier scenario, whose places are already there. */
    public static DispatchScenario restartOn(Path dataDir) {
        DispatchScenario s = new DispatchScenario(TestGateway.config(dataDir).withWebhookTargets(LOOPBACK_RECEIVERS));
        s.applied = true;
        return s;
    }

    public static DispatchScenario start(Path dataDir, int escalationSeconds, int reminderSeconds) {
        return new DispatchScenario(TestGateway.config(dataDir).withWebhookTargets(LOOPBACK_RECEIVERS)
                .withEscalationSeconds(escalationSeconds)
                .withReminderSeconds(reminderSeconds));
    }

    public ScenarioPlaces given() {
        return places;
    }

    public When when() {
        if (!applied) {
            places.apply(gw);
            applied = true;
        }
        return when;
    }

    public Then then() {
        return then;
    }

    public TestGateway gateway() {
        return gw;
    }

    public MutableClock clock() {
        return clock;
    }

    /** The alarm the last {@code alarms()} step raised. */
    public long alarmId() {
        assertThat(alarmId).as("no alarm raised yet").isPositive();
        return alarmId;
    }

    public Instant raisedAt() {
        return Instant.parse(new JsonObject(gw.get("/api/v1/alarms/" + alarmId()).body()).getString("raisedAt"));
    }

    /** Stops the gateway (cleanly) and starts a new one on the same data and clock. */
    public void restart() {
        gw.close();
        gw = TestGateway.wrap(Gateway.start(config.withClock(clock)));
    }

    /** Restarts the gateway on the same data, with its settings changed by {@code settings}. */
    public void restart(java.util.function.UnaryOperator<GatewayConfig> settings) {
        config = settings.apply(config);
        restart();
    }

    @Override
    public void close() {
        gw.close();
    }

    public final class When {

        public Detector detector(String sensor) {
            return new Detector(places.lastDevice(), sensor);
        }

        public Detector detector(String device, String sensor) {
            return new Detector(device, sensor);
        }

        /** Moves the clock one second at a time, running the gateway's time-based work after each. */
        /** The gateway sleeps through {@code d} and then does its time-based work once (e.g. after a long outage). */
        public When timeJumps(Duration d) {
            clock.advance(d);
            tick();
            return this;
        }

        public When secondsPass(int seconds) {
            for (int i = 0; i < seconds; i++) {
                clock.advance(Duration.ofSeconds(1));
                tick();
            }
            return this;
        }

        /** Runs the time-based work once, without moving the clock. */
        public When tick() {
            try {
                gw.gateway().tick().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("tick failed", e);
            }
            return this;
        }

        /** A site of the scenario, to put in drill or take out. */
        public DrillTarget site(String id) {
            return new DrillTarget("sites", id);
        }

        /** A station of the scenario, to put in drill or take out. */
        public DrillTarget station(String id) {
            return new DrillTarget("stations", id);
        }

        /**
         * The device reports its battery low (a {@code device} event, state {@code low-battery}): a trouble
         * alarm, which the following steps are about. Returns once the device has its PUBACK.
         */
        public When batteryRunsLow(String device) {
            try (Mqtt5Device d = Mqtt5Device.connect(gw.mqttUri(), device + "@" + TENANT, TestGateway.PASSWORD)) {
                assertThat(d.publish("event", ("{\"seq\":" + (++seq) + ",\"sensor\":\"device\",\"kind\":\"device\","
                        + "\"state\":\"low-battery\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8), 1).accepted()).isTrue();
            } catch (Exception e) {
                throw new AssertionError("device " + device + " could not report its battery", e);
            }
            alarmId = gw.openAlarms().stream().filter(a -> device.equals(a.getString("device"))
                    && "low-battery".equals(a.getString("type"))).findFirst().orElseThrow().getLong("id");
            return this;
        }

        public When someoneAcknowledges() {
            HttpResponse<String> r = gw.post("/api/v1/alarms/" + alarmId() + "/ack", "{}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return this;
        }
    }

    /** A site or station whose drill state a step changes through the API. */
    public final class DrillTarget {
        private final String resource;
        private final String id;

        private DrillTarget(String resource, String id) {
            this.resource = resource;
            this.id = id;
        }

        public When isPutInDrill() {
            return drill(true, null);
        }

        /** Put in drill for {@code minutes}, after which the drill ends by itself. */
        public When isPutInDrillFor(int minutes) {
            return drill(true, minutes);
        }

        public When isTakenOutOfDrill() {
            return drill(false, null);
        }

        private When drill(boolean on, Integer minutes) {
            JsonObject body = new JsonObject().put("on", on);
            if (minutes != null) {
                body.put("minutes", minutes);
            }
            HttpResponse<String> r = gw.post("/api/v1/" + resource + "/" + TENANT + "/" + id + "/drill", body.encode());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(new JsonObject(r.body()).getBoolean("drill")).isEqualTo(on);
            return when;
        }
    }

    public final class Detector {
        private final String device;
        private final String sensor;

        private Detector(String device, String sensor) {
            this.device = device;
            this.sensor = sensor;
        }

        /** The detector goes into alarm; returns once the device has its PUBACK (the alarm is stored). */
        public void alarms() {
            try (Mqtt5Device d = Mqtt5Device.connect(gw.mqttUri(), device + "@" + TENANT, TestGateway.PASSWORD)) {
                assertThat(d.publish("event", Bodies.smoke(++seq, sensor, "alarm"), 1).accepted()).isTrue();
            } catch (Exception e) {
                throw new AssertionError("device " + device + " could not send its alarm", e);
            }
            alarmId = gw.openAlarmFor(device, sensor).orElseThrow().getLong("id");
        }
    }

    public final class Then {

        /** Exactly these were told that the alarm was raised. */
        public Then notified(String... recipients) {
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(recipients("raised")).containsExactlyInAnyOrder(recipients));
            return this;
        }

        /** The alarm the last {@code alarms()} step raised, as the API shows it. */
        public JsonObject alarm() {
            HttpResponse<String> r = gw.get("/api/v1/alarms/" + alarmId());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return new JsonObject(r.body());
        }

        /** The alarm is marked drill. */
        public Then alarmIsDrill() {
            return drillMark(true);
        }

        /** The alarm is not marked drill. */
        public Then alarmIsReal() {
            return drillMark(false);
        }

        private Then drillMark(boolean drill) {
            assertThat(alarm().getBoolean("drill")).as("drill mark of alarm %d", alarmId()).isEqualTo(drill);
            return this;
        }

        /** Exactly these were told of the escalation, at raise time plus the escalation delay. */
        public Then escalatedTo(String... recipients) {
            assertThat(recipients("escalated")).containsExactlyInAnyOrder(recipients);
            assertThat(notifications("escalated")).allSatisfy(n -> assertThat(Instant.parse(n.getString("at")))
                    .isEqualTo(raisedAt().plusSeconds(config.escalationSeconds())));
            return this;
        }

        public Then notEscalated() {
            assertThat(notifications("escalated")).isEmpty();
            assertThat(notifications("reminder")).isEmpty();
            return this;
        }

        /** The times of the reminder rounds, as seconds after the alarm was raised. */
        public List<Long> reminderRounds() {
            Instant raised = raisedAt();
            return notifications("reminder").stream().map(n -> Instant.parse(n.getString("at")))
                    .map(at -> Duration.between(raised, at).toSeconds()).distinct().sorted().toList();
        }

        /** Names of everyone told for {@code reason}, in the scenario's notation. */
        public List<String> recipients(String reason) {
            return notifications(reason).stream().map(n -> n.getJsonObject("recipient")).map(r ->
                    r.getString("kind").equals("station") ? r.getString("id") + " crew" : r.getString("id")).toList();
        }

        public List<JsonObject> notifications(String reason) {
            HttpResponse<String> r = gw.get("/api/v1/alarms/" + alarmId() + "/notifications");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return new JsonArray(r.body()).stream().map(JsonObject.class::cast)
                    .filter(n -> n.getString("reason").equals(reason)).toList();
        }

        public List<JsonObject> deliveries() {
            HttpResponse<String> r = gw.get("/api/v1/alarms/" + alarmId() + "/deliveries");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return new JsonArray(r.body()).stream().map(JsonObject.class::cast).toList();
        }
    }
}
