package io.firegrid.gateway.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TagsTest {

    @Test
    void keepsTagsSortedByKeyAndLeavesOutEmptyValues() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("zone", "z1");
        m.put("device", "pi-1");
        m.put("floor", null);
        m.put("building", "");
        m.put("tenant", "t1");

        Tags tags = Tags.of(m);

        assertThat(List.copyOf(tags.keySet())).containsExactly("device", "tenant", "zone");
        assertThat(tags).isEqualTo(Map.of("device", "pi-1", "tenant", "t1", "zone", "z1"));
        assertThat(tags.get("floor")).isNull();
        assertThat(Tags.of(tags)).isSameAs(tags);
    }

    @Test
    void withAddsReplacesOrRemovesOneTagAndLeavesTheOriginalAsItWas() {
        Tags tags = Tags.EMPTY.with("site", "s1").with("device", "pi-1");

        assertThat(List.copyOf(tags.with("kind", "door").keySet())).containsExactly("device", "kind", "site");
        assertThat(tags.with("site", "s2")).containsEntry("site", "s2");
        assertThat(tags.with("site", null)).isEqualTo(Map.of("device", "pi-1"));
        assertThat(tags.with("site", "s1")).isSameAs(tags);
        assertThat(tags).isEqualTo(Map.of("site", "s1", "device", "pi-1"));
    }
}
