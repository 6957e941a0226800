package io.firegrid.gateway.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.place.Phones;
import io.firegrid.gateway.support.DispatchScenario;
import io.firegrid.gateway.support.FakeSmsbox;
import io.firegrid.gateway.voice.PhoneOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A low-battery trouble alarm at night, with the sms channel on a stand-in smsbox, on a real gateway
 * whose clock the test moves (times Asia/Shanghai, the default site zone): no SMS when it is raised
 * at 23:00, no escalation at night, at 07:00 the station head and never the next station or the duty
 * officer, and at 08:00 one digest SMS to each person told, counting it (and the device's offline
 * trouble, as it went quiet after its report). The same rules in memory,
 * with a stand-in channel, are {@code dispatch/RosterDispatchScenarioTest}.
 */
class TroubleDigestSmsTest {

    @TempDir
    Path dataDir;

    DispatchScenario scenario;
    FakeSmsbox smsbox;

    @BeforeEach
    void start() throws Exception {
        smsbox = new FakeSmsbox();
        scenario = DispatchScenario.start(dataDir);
        scenario.restart(c -> c.withPhones(PhoneOptions.OFF.withSms(SmsOptions.OFF.kannel(smsbox.url(), "firegrid", "pw"))));
        scenario.given().site("bldg-7").inCell("cell-3").coveredBy("S").withGridWorker("gw1");
        scenario.given().station("S").escalatesTo("N").withCrew("chief").roster().head("chief")
                .shift("mon-sun", "00:00", "00:00", "S-crew");
        scenario.given().station("N").at(0.1, 0.1);
        scenario.given().dutyOfficer("duty");
    }

    @AfterEach
    void stop() throws Exception {
        scenario.close();
        smsbox.close();
    }

    @Test
    void lowBatteryAtNightSendsNoSmsStaysInTheStationAndComesInTheMorningDigestBySms() {
        // the scenario's clock starts at 20:00 local; 23:00
        scenario.when().timeJumps(Duration.ofHours(3));
        scenario.when().batteryRunsLow("pi-bldg-7");

        scenario.then().notified("S crew", "gw1");
        assertThat(scenario.then().deliveries()).as("no SMS for a trouble alarm when raised")
                .noneMatch(d -> "sms".equals(d.getString("channel")));

        // 03:00: the class's 4 hours have passed, but trouble waits for the morning
        scenario.when().timeJumps(Duration.ofHours(4));
        assertThat(scenario.then().notifications("escalated")).isEmpty();
        // 07:00: the station head, nobody outside the station
        scenario.when().timeJumps(Duration.ofHours(4));
        assertThat(scenario.then().recipients("escalated")).containsExactly("chief");
        // 08:00: the digest
        scenario.when().timeJumps(Duration.ofHours(1)).secondsPass(2);

        await().atMost(Duration.ofSeconds(10)).until(() -> smsbox.accepted().size() == 3);
        assertThat(smsbox.accepted()).extracting(FakeSmsbox.Message::to)
                .containsExactlyInAnyOrder(phone("S-crew"), phone("gw1"), phone("chief"));
        // the device went quiet after its report, so it is also offline by morning: both are trouble
        List<JsonObject> open = scenario.gateway().openAlarms();
        assertThat(open).extracting(a -> a.getString("type")).contains("low-battery");
        assertThat(open).extracting(a -> a.getString("class")).containsOnly("trouble");
        int n = open.size();
        assertThat(smsbox.accepted()).allSatisfy(m -> assertThat(m.text()).contains("值班摘要 Digest")
                .contains(n + " 个报警 alarms (火警 fire 0, 监管 supervisory 0, 故障 trouble " + n + "), 未结 open " + n));
        for (JsonObject alarm : open) {
            List<JsonObject> told = json("/api/v1/alarms/" + alarm.getLong("id") + "/notifications");
            assertThat(told).extracting(t -> t.getJsonObject("recipient").getString("id")).as("never another station or the"
                    + " duty officer").doesNotContain("N", "duty");
            assertThat(json("/api/v1/alarms/" + alarm.getLong("id") + "/deliveries")).as("no SMS for the alarm itself")
                    .noneMatch(d -> "sms".equals(d.getString("channel")));
        }
        assertThat(smsbox.all()).extracting(FakeSmsbox.Message::to).doesNotContain(phone("N-crew"), phone("duty"));
    }

    private List<JsonObject> json(String path) {
        var r = scenario.gateway().get(path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new io.vertx.core.json.JsonArray(r.body()).stream().map(JsonObject.class::cast).toList();
    }

    private String phone(String person) {
        JsonObject p = new JsonObject(scenario.gateway().get("/api/v1/people/" + DispatchScenario.TENANT + "/" + person).body());
        return Phones.e164(p.getString("phone")).orElseThrow();
    }
}
