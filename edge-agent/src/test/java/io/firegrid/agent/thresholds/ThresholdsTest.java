package io.firegrid.agent.thresholds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firegrid.protocol.FireGridException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThresholdsTest {

    private static final Thresholds DEFAULTS = new Thresholds(Duration.ofMillis(50), Duration.ofSeconds(60));

    @TempDir
    Path dir;

    @Test
    void fieldsLeftOutKeepTheirValue() {
        Thresholds t = DEFAULTS.with(bytes("{\"debounceMs\":120}"));
        assertThat(t).isEqualTo(new Thresholds(Duration.ofMillis(120), Duration.ofSeconds(60)));
        assertThat(new String(t.toJsonBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"debounceMs\":120,\"heartbeatSeconds\":60}");
    }

    @Test
    void refusesAnUnknownFieldNamingIt() {
        assertRefused("{\"debounceMs\":10,\"pressureLow\":0.2}", "unknown field 'pressureLow'");
    }

    @Test
    void refusesValuesOutOfRange() {
        assertRefused("{\"debounceMs\":5000}", "debounceMs should be between 0 and 1000, was 5000");
        assertRefused("{\"heartbeatSeconds\":1}", "heartbeatSeconds should be between 10 and 86400, was 1");
        assertRefused("{\"debounceMs\":-1}", "debounceMs should be between 0 and 1000, was -1");
    }

    @Test
    void refusesNumbersThatAreNotWholeAndBodiesThatAreNotObjects() {
        assertRefused("{\"debounceMs\":12.5}", "debounceMs should be a whole number, was 12.5");
        assertRefused("{\"heartbeatSeconds\":\"60\"}", "heartbeatSeconds should be a whole number");
        assertRefused("[50]", "body should be a JSON object");
        assertRefused("{}", "body should be a JSON object");
        assertRefused("", "body should be a JSON object");
        assertRefused("{\"debounceMs\":", "body is not JSON");
    }

    @Test
    void storeKeepsWhatWasSavedAndReplacesIt() {
        ThresholdStore store = new ThresholdStore(dir.resolve("thresholds.json"));
        assertThat(store.load(DEFAULTS)).isEqualTo(DEFAULTS);

        store.save(DEFAULTS.with(bytes("{\"heartbeatSeconds\":300}")));
        store.save(DEFAULTS.with(bytes("{\"debounceMs\":20}")));

        assertThat(new ThresholdStore(dir.resolve("thresholds.json")).load(DEFAULTS))
                .isEqualTo(new Thresholds(Duration.ofMillis(20), Duration.ofSeconds(60)));
        assertThat(dir.resolve("thresholds.json.tmp")).doesNotExist();
    }

    @Test
    void aDamagedFileIsIgnoredAndTheConfiguredThresholdsApply() throws Exception {
        Files.writeString(dir.resolve("thresholds.json"), "{\"debounceMs\":99999");
        assertThat(new ThresholdStore(dir.resolve("thresholds.json")).load(DEFAULTS)).isEqualTo(DEFAULTS);
    }

    @Test
    void aSaveThatCannotBeWrittenFailsWithTheReason() throws Exception {
        Files.writeString(dir.resolve("not-a-dir"), "x");
        ThresholdStore store = new ThresholdStore(dir.resolve("not-a-dir/thresholds.json"));
        assertThatThrownBy(() -> store.save(DEFAULTS)).isInstanceOf(FireGridException.class)
                .satisfies(e -> assertThat(((FireGridException) e).code()).isEqualTo("thresholds-io"));
    }

    private static void assertRefused(String body, String reason) {
        assertThatThrownBy(() -> DEFAULTS.with(bytes(body))).isInstanceOf(FireGridException.class)
                .satisfies(e -> {
                    FireGridException f = (FireGridException) e;
                    assertThat(f.code()).isEqualTo("bad-threshold");
                    assertThat(f.reason()).contains(reason);
                });
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
