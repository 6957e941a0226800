package io.firegrid.gateway.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** {@link Fields} and {@link Tags} behave as the maps they stand for: lookups, order, equality. */
class ArrayMapTest {

    @Test
    void fieldsKeepTheOrderGivenAndLookUpEveryKey() {
        Fields f = Fields.of("value", 0.32, "seq", 7L);

        assertThat(new ArrayList<>(f.keySet())).containsExactly("value", "seq");
        assertThat(f.get("seq")).isEqualTo(7L);
        assertThat(f.get("missing")).isNull();
        assertThat(f.get(42)).isNull();
        assertThat(f.containsKey("value")).isTrue();
        assertThat(f.containsKey("readings")).isFalse();
        assertThat(f).isEqualTo(Map.of("value", 0.32, "seq", 7L)).hasSameHashCodeAs(Map.of("value", 0.32, "seq", 7L));
        assertThatThrownBy(() -> Fields.of("value", 1, "value", 2)).hasMessageContaining("'value' given twice");
    }

    @Test
    void tagsAreSortedAndFoundByKey() {
        Map<String, String> given = new HashMap<>(Map.of("site", "s1", "device", "pi-1", "building", "b2"));
        Tags t = Tags.of(given);

        List<String> order = new ArrayList<>();
        t.forEach((k, v) -> order.add(k + "=" + v));
        assertThat(order).containsExactly("building=b2", "device=pi-1", "site=s1");
        assertThat(t.get("device")).isEqualTo("pi-1");
        assertThat(t.get("floor")).isNull();
        assertThat(t.get(7)).isNull();
        assertThat(t.containsKey("site")).isTrue();
        assertThat(t).isEqualTo(given);
    }

    @Test
    void anIteratorPastTheEndSaysSo() {
        Iterator<Map.Entry<String, Object>> it = Fields.of("value", 1.0).entrySet().iterator();
        assertThat(it.next()).isEqualTo(Map.entry("value", 1.0));
        assertThat(it.hasNext()).isFalse();
        assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
    }
}
