package io.firegrid.gateway.sms;

import io.firegrid.gateway.place.Phones;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class SmsTextTest {

    private final SmsText text = new SmsText(ZoneId.of("Asia/Shanghai"));
    private static final String LINK = "http://192.168.1.10:8080/m/NDJ8bHJ4Zm9nfHQxfGxp.AbCdEfGhIjKlMnOp";

    private static JsonObject alarm() {
        return new JsonObject().put("id", 42).put("tenant", "t1").put("device", "pi-1").put("site", "7号楼")
                .put("zone", "3F").put("class", "fire").put("type", "smoke").put("drill", false)
                .put("raisedAt", "2026-12-07T04:05:00Z");
    }

    @Test
    void anAlarmSaysWhatWhereWhenHowToReplyAndTheLink() {
        String s = text.alarm(alarm(), "raised", LINK);
        assertThat(s).startsWith("【FireGrid】火警 烟感 7号楼 3F 12:05 #42").contains("回复1受理 2出发").endsWith(" " + LINK);
        assertThat(SmsParts.isGsm7(s)).isFalse();
        // a concatenated UCS-2 message: two parts of 67 characters
        assertThat(SmsParts.parts(s)).isEqualTo(2);
    }

    @Test
    void drillsEscalationsAndRemindersSaySo() {
        assertThat(text.alarm(alarm().put("drill", true), "raised", LINK)).startsWith("【FireGrid】演练/DRILL 火警");
        assertThat(text.alarm(alarm(), "escalated", LINK)).contains("升级/ESCALATED");
        assertThat(text.alarm(alarm(), "reminder", LINK)).contains("未受理/NOT ACKNOWLEDGED");
    }

    @Test
    void aLocationLabelReplacesSiteAndZone() {
        String s = text.alarm(alarm().put("location", new JsonObject().put("label", "3号楼2单元5层")), "raised", LINK);
        assertThat(s).contains("3号楼2单元5层").doesNotContain("7号楼");
    }

    @Test
    void theAlarmsLocationLineLeadsAsOnTheCardAndACallReadsIt() {
        JsonObject located = alarm().put("locationText", new JsonObject().put("zh", "示范小区 7栋 2单元 3层 东侧走廊 烟感")
                .put("en", "Demo Residence, Bldg 7, Unit 2, Floor 3, east corridor, smoke detector"));

        assertThat(text.alarm(located, "raised", LINK)).startsWith("【FireGrid】示范小区 7栋 2单元 3层 东侧走廊 烟感 火警 12:05 #42");
        assertThat(text.spoken(located)).isEqualTo("火警，示范小区 7栋 2单元 3层 东侧走廊 烟感");
    }

    @Test
    void aLongSiteNameIsCutToThreePartsWithTheLinkWhole() {
        String s = text.alarm(alarm().put("site", "很长的小区名称".repeat(40)), "raised", LINK);
        assertThat(SmsParts.parts(s)).isEqualTo(3);
        assertThat(s).endsWith("… " + LINK);
    }

    @Test
    void aSummaryCountsTheAlarmsAndShowsTheLatest() {
        String s = text.summary(12, alarm(), LINK);
        assertThat(s).contains("另有 12 个报警 / 12 more alarms").contains("#42").endsWith(LINK);
        assertThat(SmsParts.parts(s)).isLessThanOrEqualTo(3);
    }

    @Test
    void aDigestCountsByClassAndOpen() {
        JsonObject digest = new JsonObject().put("type", "digest").put("tenant", "t1")
                .put("person", new JsonObject().put("id", "li")).put("from", "2026-12-06T10:00:00Z")
                .put("to", "2026-12-06T22:00:00Z").put("alarms", new JsonArray()
                        .add(new JsonObject().put("class", "fire").put("open", false))
                        .add(new JsonObject().put("class", "trouble").put("open", true))
                        .add(new JsonObject().put("class", "trouble").put("open", false)));
        String s = text.digest(digest);
        assertThat(s).contains("18:00–06:00").contains("3 个报警").contains("火警 fire 1").contains("故障 trouble 2")
                .contains("未结 open 1");
    }

    @Test
    void theHelpAnswerIsOnePartOrTwo() {
        assertThat(SmsParts.parts(SmsText.HELP)).isLessThanOrEqualTo(2);
    }

    @Test
    void phonesAreMatchedInE164() {
        assertThat(Phones.e164("+86-138-0000-0001")).contains("+8613800000001");
        assertThat(Phones.e164("13800000001")).contains("+8613800000001");
        assertThat(Phones.e164("0086 138 0000 0001")).contains("+8613800000001");
        assertThat(Phones.e164("call me")).isEmpty();
        assertThat(Phones.e164(null)).isEmpty();
        assertThat(Phones.masked("+8613800000001")).isEqualTo("+86138****0001");
    }
}
