package io.firegrid.protocol.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingTest {

    enum Api { V1, V2 }

    private static final Setting<Integer> BATCH = Setting.integer("FIREGRID_X_BATCH", 5000, 1, 100_000, "points per write");
    private static final Setting<Integer> QUEUE = Setting.atLeast("FIREGRID_X_QUEUE", 20, 1, "waiting messages");
    private static final Setting<Integer> PORT = Setting.port("FIREGRID_X_PORT", 1883, "MQTT");
    private static final Setting<Duration> HOLD = Setting.seconds("FIREGRID_X_SECONDS", 120, 1, Integer.MAX_VALUE, "held open");
    private static final Setting<Duration> FLUSH = Setting.millis("FIREGRID_X_MS", 1000, 1, 60_000, "flush after");
    private static final Setting<Boolean> FLAG = Setting.bool("FIREGRID_X_FLAG", false, "a switch");
    private static final Setting<String> TOKEN = Setting.string("FIREGRID_X_TOKEN", null, "generated", "a token");
    private static final Setting<Path> DIR = Setting.path("FIREGRID_X_DIR", "data", null, "a directory");
    private static final Setting<Api> API = Setting.oneOf("FIREGRID_X_API", Api.class, Api.V1, Map.of(), "which API");
    private static final Setting<List<Integer>> NUMBERS = Setting.list("FIREGRID_X_LIST", item -> {
        if (!item.matches("[0-9]+")) {
            throw new IllegalArgumentException("'" + item + "' is not a range");
        }
        return Integer.valueOf(item);
    }, "none", "numbers");
    private static final Setting<String> KEY = Setting.hexKey("FIREGRID_X_KEY", 8, "generated", "a key");

    @Test
    void unsetOrBlankGivesTheDefault() {
        assertThat(BATCH.read(Map.of())).isEqualTo(5000);
        assertThat(BATCH.read(Map.of("FIREGRID_X_BATCH", "  "))).isEqualTo(5000);
        assertThat(BATCH.find(Map.of())).isEmpty();
        assertThat(TOKEN.read(Map.of())).isNull();
        assertThat(DIR.read(Map.of())).isEqualTo(Path.of("data"));
        assertThat(NUMBERS.read(Map.of())).isEmpty();
    }

    @Test
    void readsEachKindTrimmed() {
        assertThat(BATCH.read(Map.of("FIREGRID_X_BATCH", " 42 "))).isEqualTo(42);
        assertThat(PORT.read(Map.of("FIREGRID_X_PORT", "-1"))).isEqualTo(-1);
        assertThat(PORT.read(Map.of("FIREGRID_X_PORT", "0"))).isZero();
        assertThat(HOLD.read(Map.of("FIREGRID_X_SECONDS", "30"))).isEqualTo(Duration.ofSeconds(30));
        assertThat(FLUSH.read(Map.of("FIREGRID_X_MS", "250"))).isEqualTo(Duration.ofMillis(250));
        assertThat(FLAG.read(Map.of("FIREGRID_X_FLAG", "true "))).isTrue();
        assertThat(TOKEN.read(Map.of("FIREGRID_X_TOKEN", " s3cret-token "))).isEqualTo("s3cret-token");
        assertThat(DIR.read(Map.of("FIREGRID_X_DIR", "/var/lib/x"))).isEqualTo(Path.of("/var/lib/x"));
        assertThat(API.read(Map.of("FIREGRID_X_API", "V2"))).isEqualTo(Api.V2);
        assertThat(NUMBERS.read(Map.of("FIREGRID_X_LIST", "1, 2,,3"))).containsExactly(1, 2, 3);
        assertThat(KEY.read(Map.of("FIREGRID_X_KEY", "00ff00FF"))).isEqualTo("00ff00FF");
    }

    @Test
    void refusesTheWrongFormNamingTheVariableTheFormAndTheValue() {
        assertThatThrownBy(() -> BATCH.read(Map.of("FIREGRID_X_BATCH", "lots")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("FIREGRID_X_BATCH must be a number, not 'lots'");
        assertThatThrownBy(() -> HOLD.read(Map.of("FIREGRID_X_SECONDS", "2m")))
                .hasMessage("FIREGRID_X_SECONDS must be a number, not '2m'");
        assertThatThrownBy(() -> FLAG.read(Map.of("FIREGRID_X_FLAG", "yes")))
                .hasMessage("FIREGRID_X_FLAG must be true or false, not 'yes'");
        assertThatThrownBy(() -> API.read(Map.of("FIREGRID_X_API", "v3"))).hasMessage("FIREGRID_X_API must be v1 or v2, not 'v3'");
        assertThatThrownBy(() -> KEY.read(Map.of("FIREGRID_X_KEY", "00ff00zz")))
                .hasMessage("FIREGRID_X_KEY must be 8 hex digits, not '00ff00zz'");
        assertThatThrownBy(() -> KEY.read(Map.of("FIREGRID_X_KEY", "00ff")))
                .hasMessage("FIREGRID_X_KEY must be 8 hex digits, not '00ff'");
        assertThatThrownBy(() -> NUMBERS.read(Map.of("FIREGRID_X_LIST", "1,x")))
                .hasMessage("FIREGRID_X_LIST: 'x' is not a range");
    }

    @Test
    void refusesAValueOutOfRangeNamingTheRangeAndTheDefault() {
        assertThatThrownBy(() -> BATCH.read(Map.of("FIREGRID_X_BATCH", "0")))
                .hasMessage("FIREGRID_X_BATCH must be between 1 and 100000, not 0 (default 5000)");
        assertThatThrownBy(() -> QUEUE.read(Map.of("FIREGRID_X_QUEUE", "-5")))
                .hasMessage("FIREGRID_X_QUEUE must be at least 1, not -5 (default 20)");
        assertThatThrownBy(() -> PORT.read(Map.of("FIREGRID_X_PORT", "65536")))
                .hasMessage("FIREGRID_X_PORT must be between 0 and 65535 (0 = any free port, -1 = off), not 65536 (default 1883)");
        assertThatThrownBy(() -> PORT.read(Map.of("FIREGRID_X_PORT", "-2"))).hasMessageContaining("not -2");
        assertThatThrownBy(() -> HOLD.read(Map.of("FIREGRID_X_SECONDS", "0")))
                .hasMessage("FIREGRID_X_SECONDS must be at least 1, not 0 (default 120)");
        assertThatThrownBy(() -> FLUSH.read(Map.of("FIREGRID_X_MS", "60001")))
                .hasMessage("FIREGRID_X_MS must be between 1 and 60000, not 60001 (default 1000)");
        assertThatThrownBy(() -> BATCH.read(Map.of("FIREGRID_X_BATCH", "99999999999")))
                .hasMessage("FIREGRID_X_BATCH must be a number, not '99999999999'");
    }

    @Test
    void checksValuesFromCodeWithTheSameMessage() {
        assertThat(QUEUE.checkInt(7)).isEqualTo(7);
        assertThatThrownBy(() -> QUEUE.checkInt(0)).hasMessage("FIREGRID_X_QUEUE must be at least 1, not 0 (default 20)");
    }

    @Test
    void describesDefaultRangeAndHelp() {
        assertThat(PORT.allowed()).isEqualTo("between 0 and 65535 (0 = any free port, -1 = off)");
        assertThat(PORT.describedDefault("1883; -1 in production").defaultText()).isEqualTo("1883; -1 in production");
        assertThat(TOKEN.defaultText()).isEqualTo("generated");
        assertThat(API.defaultText()).isEqualTo("v1");
        assertThat(FLAG.allowed()).isEqualTo("true or false");
        assertThat(BATCH.help()).isEqualTo("points per write");
        assertThat(BATCH.min()).isEqualTo(1);
        assertThat(BATCH.max()).isEqualTo(100_000);
        assertThat(PORT.min()).isEqualTo(-1);
    }

    @Test
    void refusesADefaultOutsideItsOwnRange() {
        assertThatThrownBy(() -> Setting.integer("FIREGRID_X_BAD", 0, 1, 10, "bad"))
                .hasMessageContaining("FIREGRID_X_BAD must be between 1 and 10, not 0");
        assertThatThrownBy(() -> Setting.integer("lower_case", 1, 1, 10, "bad")).hasMessageContaining("lower_case");
    }
}
