package io.firegrid.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** People's phones and preferences in the inventory: read as the gateway takes them, refused where written. */
class InventoryPeopleTest {

    static final Path EXAMPLE = Path.of("..", "docs", "examples", "duty-and-panels.yaml");

    private static final String HEAD = """
            tenant: t1
            people:
            """; // 2 lines

    private static InventoryParser.Result parse(String people) {
        return InventoryParser.parse(HEAD + people);
    }

    @Test
    void theDocsExampleWithPhonesRostersAndAPanelValidatesClean() throws Exception {
        InventoryParser.Result r = InventoryParser.read(EXAMPLE);

        assertThat(r.problems()).isEmpty();
        assertThat(r.warnings()).isEmpty();
        assertThat(r.inventory().summary()).isEqualTo("2 devices, 1 site, 1 cell, 1 station, 7 people, 2 rosters");
        Person wang = r.inventory().people().stream().filter(p -> p.id().equals("wang-fang")).findFirst().orElseThrow();
        assertThat(wang.phones()).containsExactly("+8613800000002");
        assertThat(wang.preferences()).isEqualTo(Map.of(
                "supervisory", Map.of("quietHours", true, "urgentAfterMinutes", 30),
                "trouble", Map.of("digest", true),
                "quietHours", Map.of("from", "22:30", "to", "06:30")));
    }

    @Test
    void phonesAndPreferencesLeftOutAreNullSoTheGatewayKeepsItsOwn() {
        InventoryParser.Result r = parse("  - {id: li, name: Li Wei, role: crew, phone: \"+86-138-0000-0001\"}\n");

        Person li = r.inventory().people().get(0);
        assertThat(li.phones()).isNull();
        assertThat(li.preferences()).isNull();
        assertThat(parse("  - {id: li, name: Li Wei, role: crew, phones: []}\n").inventory().people().get(0).phones())
                .as("written empty: the person has no numbers").isEmpty();
    }

    @Test
    void aNumberNotInE164FormIsRefusedShowingItsE164Form() {
        InventoryParser.Result r = parse("""
                  - id: li
                    name: Li Wei
                    role: crew
                    phones: ["+86-138-0000-0001", "13800000002", "0086 21 5000 0005", "+8613800000009", "call me"]
                """);

        assertThat(r.problems()).extracting(Problem::line, Problem::message, Problem::hint).containsExactly(
                tuple(6, "phone number '+86-138-0000-0001' of person 'li' is not in E.164 form",
                        "write it as \"+8613800000001\": a plus, the country code and the number, digits only"),
                tuple(6, "phone number '13800000002' of person 'li' is not in E.164 form",
                        "write it as \"+8613800000002\": a plus, the country code and the number, digits only"),
                tuple(6, "phone number '0086 21 5000 0005' of person 'li' is not in E.164 form",
                        "write it as \"+862150000005\": a plus, the country code and the number, digits only"),
                tuple(6, "phone number 'call me' of person 'li' is not in E.164 form",
                        "write a plus, the country code and the number, digits only, e.g. \"+8613800000001\""));
    }

    @Test
    void aNumberTwiceIsRefused() {
        InventoryParser.Result r = parse("  - {id: li, name: Li Wei, role: crew, phones: [\"+8613800000001\", \"+8613800000001\"]}\n");

        assertThat(r.problems()).extracting(Problem::line, Problem::message)
                .containsExactly(tuple(3, "phone number +8613800000001 appears twice in 'phones' of person 'li'"));
    }

    @Test
    void preferencesAreCheckedKeyByKeyWhereWritten() {
        InventoryParser.Result r = parse("""
                  - id: li
                    name: Li Wei
                    role: crew
                    preferences:
                      fire: {raised: [sms, Voice], reminder: [voice]}
                      supervisory: {quietHours: maybe, urgentAfterMinutes: 2000}
                      trouble: {digest: true, weekly: true}
                      quietHours: {from: "22:00", to: "7am"}
                      digest: {at: "25:00"}
                      smoke: {raised: [sms]}
                """);

        assertThat(r.problems()).extracting(Problem::line, Problem::message).containsExactly(
                tuple(7, "'Voice' in 'raised' of fire alarms in the preferences of person 'li' is not a channel name"),
                tuple(8, "'quietHours' of supervisory alarms in the preferences of person 'li' must be true or false, not 'maybe'"),
                tuple(8, "urgentAfterMinutes of supervisory alarms in the preferences of person 'li' is 2000, not a number "
                        + "of minutes from 1 to 1440"),
                tuple(9, "unknown key 'weekly' in trouble alarms in the preferences of person 'li'"),
                tuple(10, "'to' of the quiet hours of person 'li' is '7am', not a time of day"),
                tuple(11, "'at' of the daily digest of person 'li' is '25:00', not a time of day"),
                tuple(12, "unknown key 'smoke' in the preferences of person 'li'"));
        assertThat(r.problems().get(4).hint()).contains("HH:mm");
    }

    @Test
    void channelsAreKeptInTheOrderWrittenWithoutRepeats() {
        InventoryParser.Result r = parse("""
                  - id: li
                    name: Li Wei
                    role: crew
                    preferences: {fire: {raised: [voice, sms, voice], escalated: []}}
                """);

        assertThat(r.problems()).isEmpty();
        assertThat(r.inventory().people().get(0).preferences())
                .isEqualTo(Map.of("fire", Map.of("raised", List.of("voice", "sms"), "escalated", List.of())));
    }
}
