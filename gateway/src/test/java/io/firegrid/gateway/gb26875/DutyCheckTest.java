package io.firegrid.gateway.gb26875;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.support.CentreSimulator;
import io.firegrid.gateway.support.MutableClock;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring centre's duty check (查岗, type 91): confirmed at once, shown through the API, and
 * answered by the person on duty, whose answer reaches the centre as the UITD's operation record
 * (type 24, bit 5); too late, it cannot be answered and is counted as missed.
 */
class DutyCheckTest {

    /** UITD operation flag bit 5: 查岗应答. */
    static final int DUTY_ANSWER = 1 << 5;

    @TempDir
    Path dataDir;

    final MutableClock clock = MutableClock.atNoon();
    TestGateway gw;
    CentreSimulator centre;

    @AfterEach
    void stop() throws Exception {
        if (gw != null) {
            gw.close();
        }
        if (centre != null) {
            centre.close();
        }
    }

    void start() throws Exception {
        centre = CentreSimulator.start(0);
        gw = TestGateway.start(dataDir, c -> c.withClock(clock)
                .withGb26875(Gb26875Options.DEFAULTS.withCentre("127.0.0.1:" + centre.port(), 1)));
        await().atMost(Duration.ofSeconds(10)).until(this::connected);
    }

    boolean connected() {
        try {
            centre.send(1, 4, new byte[] {81, 1, 0}); // read the UITD's state: answered once connected
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void theCrewAnswersTheCentresDutyCheckAndTheCentreHearsIt() throws Exception {
        start();
        JsonObject crew = gw.issueToken(new JsonObject().put("name", "Wang Fang").put("role", "crew").put("tenant", "t1"));

        // WHEN the centre checks who is on duty, with 5 minutes to answer
        centre.send(700, 1, new byte[] {91, 1, 5});

        // THEN the gateway confirms it, and the console sees it open until 5 minutes from now
        await().atMost(Duration.ofSeconds(5)).until(() -> answerTo(700) != null);
        assertThat(answerTo(700).command()).as("confirm").isEqualTo(3);
        JsonObject listed = checks(crew).getJsonObject(0);
        assertThat(listed.getString("state")).isEqualTo("open");
        assertThat(listed.getString("deadline")).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)).toString());
        assertThat(checksBody(crew).getBoolean("centre")).isTrue();

        // WHEN the crew member answers two minutes later
        clock.advance(Duration.ofMinutes(2));
        HttpResponse<String> answered = gw.as(crew.getString("token"), "POST",
                "/api/v1/gb26875/duty-checks/" + listed.getLong("id") + "/answer", "");

        // THEN it is answered by them, and the centre receives the UITD's operation record with bit 5
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
        assertThat(new JsonObject(answered.body()).getString("answeredBy")).isEqualTo("Wang Fang");
        await().atMost(Duration.ofSeconds(10)).until(() -> centre.reports().stream().anyMatch(r -> r.type() == 24));
        CentreSimulator.Received op = centre.reports().stream().filter(r -> r.type() == 24).findFirst().orElseThrow();
        assertThat(op.data()[1]).as("one object").isEqualTo((byte) 1);
        assertThat(op.data()[2] & 0xFF).as("operation flags").isEqualTo(DUTY_ANSWER);
        assertThat(checks(crew).getJsonObject(0).getString("state")).isEqualTo("answered");
        await().atMost(Duration.ofSeconds(5)).until(() -> gw.metric("firegrid_gb26875_centre_queued") == 0.0);

        // AND a second answer is refused, saying who answered
        HttpResponse<String> again = gw.as(crew.getString("token"), "POST",
                "/api/v1/gb26875/duty-checks/" + listed.getLong("id") + "/answer", "");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("already-answered").contains("Wang Fang");
        assertThat(gw.metric("firegrid_gb26875_duty_checks_total", "outcome", "answered")).isEqualTo(1.0);
    }

    @Test
    void aCheckNotAnsweredInTimeIsMissedCountedAndCannotBeAnsweredLater() throws Exception {
        start();
        centre.send(710, 1, new byte[] {91, 1, 1});
        await().atMost(Duration.ofSeconds(5)).until(() -> answerTo(710) != null);
        long id = checks(null).getJsonObject(0).getLong("id");

        // WHEN the minute passes without an answer and the gateway's tick runs
        clock.advance(Duration.ofSeconds(61));
        gw.tick();

        // THEN it is missed, counted once, and an answer now is refused with what to do
        assertThat(checks(null).getJsonObject(0).getString("state")).isEqualTo("missed");
        assertThat(gw.metric("firegrid_gb26875_duty_checks_total", "outcome", "missed")).isEqualTo(1.0);
        gw.tick();
        assertThat(gw.metric("firegrid_gb26875_duty_checks_total", "outcome", "missed")).isEqualTo(1.0);
        HttpResponse<String> late = gw.post("/api/v1/gb26875/duty-checks/" + id + "/answer", "");
        assertThat(late.statusCode()).isEqualTo(409);
        assertThat(late.body()).contains("duty-check-expired").contains("call the centre");
        assertThat(centre.reports().stream().noneMatch(r -> r.type() == 24)).as("nothing sent for a missed check").isTrue();

        // AND unknown or malformed ids are refused
        assertThat(gw.post("/api/v1/gb26875/duty-checks/999/answer", "").statusCode()).isEqualTo(404);
        assertThat(gw.post("/api/v1/gb26875/duty-checks/abc/answer", "").statusCode()).isEqualTo(400);
    }

    @Test
    void aCheckRepeatedWhileOneIsOpenIsThatOneConfirmedAndCounted() throws Exception {
        start();
        centre.send(730, 1, new byte[] {91, 1, 5});
        await().atMost(Duration.ofSeconds(5)).until(() -> answerTo(730) != null);
        for (int i = 1; i <= 20; i++) {
            centre.send(730 + i, 1, new byte[] {91, 1, 5});
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> answerTo(750) != null);
        assertThat(answerTo(750).command()).as("confirmed").isEqualTo(3);
        assertThat(checks(null)).as("one check stored, not 21").hasSize(1);
        assertThat(gw.metric("firegrid_gb26875_duty_checks_total", "outcome", "repeated")).isEqualTo(20.0);
    }

    @Test
    void aFacilityManagerMayNotAnswer() throws Exception {
        start();
        centre.send(720, 1, new byte[] {91, 1, 0});
        await().atMost(Duration.ofSeconds(5)).until(() -> answerTo(720) != null);
        JsonObject listed = checks(null).getJsonObject(0);
        assertThat(listed.getString("deadline")).as("no timeout given: the default")
                .isEqualTo(clock.instant().plus(Duration.ofMinutes(DutyChecks.DEFAULT_MINUTES)).toString());
        JsonObject manager = gw.issueToken(new JsonObject().put("name", "Zhao Min").put("role", "facility-manager").put("tenant", "t1"));
        assertThat(gw.as(manager.getString("token"), "POST", "/api/v1/gb26875/duty-checks/" + listed.getLong("id") + "/answer", "")
                .statusCode()).isEqualTo(403);
        assertThat(checks(null).getJsonObject(0).getString("state")).isEqualTo("open");
    }

    private CentreSimulator.Received answerTo(int serial) {
        List<CentreSimulator.Received> r = centre.received().stream().filter(x -> x.serial() == serial).toList();
        return r.isEmpty() ? null : r.get(0);
    }

    private JsonObject checksBody(JsonObject token) {
        HttpResponse<String> r = token == null ? gw.get("/api/v1/gb26875/duty-checks")
                : gw.as(token.getString("token"), "GET", "/api/v1/gb26875/duty-checks", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body());
    }

    private JsonArray checks(JsonObject token) {
        return checksBody(token).getJsonArray("checks");
    }
}
