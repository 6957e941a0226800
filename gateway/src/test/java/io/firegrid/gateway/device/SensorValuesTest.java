package io.firegrid.gateway.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SensorValuesTest {

    private static SensorValues numbers(SensorValues base, Object... sensorAndValue) {
        SensorValues.Editor e = base.edit();
        for (int i = 0; i < sensorAndValue.length; i += 2) {
            if (sensorAndValue[i + 1] instanceof Double d) {
                e.number((String) sensorAndValue[i], d);
            } else {
                e.state((String) sensorAndValue[i], (String) sensorAndValue[i + 1]);
            }
        }
        return e.result();
    }

    @Test
    void readsAsTheTextsDoubleToStringAndStatesGive() {
        SensorValues v = numbers(SensorValues.EMPTY, "hydrant-1", 0.32, "smoke-1", "alarm", "agent.uptime", 3600.0);

        assertThat(v).isEqualTo(Map.of("hydrant-1", "0.32", "smoke-1", "alarm", "agent.uptime", "3600.0"));
        assertThat(Map.of("hydrant-1", "0.32", "smoke-1", "alarm", "agent.uptime", "3600.0")).isEqualTo(v);
        assertThat(v.hashCode()).isEqualTo(Map.of("hydrant-1", "0.32", "smoke-1", "alarm", "agent.uptime", "3600.0").hashCode());
        assertThat(new HashMap<>(v)).containsExactlyInAnyOrderEntriesOf(v);
        assertThat(v.get("none")).isNull();
        assertThat(v.containsKey("smoke-1")).isTrue();
    }

    @Test
    void aValueWhoseTextIsTheSameChangesNothingAndOneWhoseTextDiffersDoes() {
        SensorValues v = numbers(SensorValues.EMPTY, "a", 0.0, "b", Double.NaN, "c", "0.5");

        assertThat(numbers(v, "a", 0.0, "b", Double.longBitsToDouble(0x7ff8000000000001L))).isSameAs(v);
        assertThat(numbers(v, "a", -0.0)).containsEntry("a", "-0.0");
        // a value known only as text (a status made from a plain map) is replaced by the number once
        assertThat(numbers(v, "c", 0.5)).containsEntry("c", "0.5").isNotSameAs(v);
        assertThat(numbers(v, "a", "normal")).containsEntry("a", "normal");
        assertThat(numbers(numbers(v, "a", "normal"), "a", 0.0)).containsEntry("a", "0.0");
        assertThat(v).containsEntry("a", "0.0").containsEntry("b", "NaN").hasSize(3);
    }

    @Test
    void manySensorsAddedChangedAndLookedUpThroughTheIndex() {
        SensorValues.Editor e = SensorValues.EMPTY.edit();
        Map<String, String> expected = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            e.number("s" + i, i);
            expected.put("s" + i, Double.toString(i));
        }
        SensorValues v = e.result();
        assertThat(v).isEqualTo(expected).hasSize(300);
        assertThat(v.get("s299")).isEqualTo("299.0");

        SensorValues changed = numbers(v, "s7", 7.5, "s250", "alarm", "new", 1.0, "s7", 8.0);
        expected.put("s7", "8.0");
        expected.put("s250", "alarm");
        expected.put("new", "1.0");
        assertThat(changed).isEqualTo(expected);
        assertThat(changed.get("new")).isEqualTo("1.0");
        assertThat(v.get("s7")).isEqualTo("7.0");
        assertThat(v.containsKey("new")).isFalse();
    }

    @Test
    void isImmutableAndMadeFromAPlainMapAsText() {
        SensorValues v = SensorValues.of(Map.of("a", "1.0", "b", "alarm"));

        assertThat(v).isEqualTo(Map.of("a", "1.0", "b", "alarm"));
        assertThat(SensorValues.of(v)).isSameAs(v);
        assertThat(SensorValues.of(Map.of())).isSameAs(SensorValues.EMPTY);
        assertThatThrownBy(() -> v.put("c", "x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> v.entrySet().iterator().next().setValue("x")).isInstanceOf(UnsupportedOperationException.class);
    }
}
