package io.firegrid.gateway.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PointTest {

    static final Instant T = Instant.parse("2026-11-28T12:00:00.123Z");

    @Test
    void rendersLineProtocolWithSortedTagsTypedFieldsAndMilliseconds() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("state", "open");
        fields.put("level", 1L);
        fields.put("value", 0.32);
        fields.put("confirmed", true);
        Point p = new Point("event", Map.of("tenant", "t1", "device", "pi-1", "kind", "door"), fields, T);

        assertThat(p.toLineProtocol())
                .isEqualTo("event,device=pi-1,kind=door,tenant=t1 state=\"open\",level=1i,value=0.32,confirmed=true 1795867200123");
    }

    @Test
    void escapesSpacesCommasEqualsAndQuotesAndLeavesOutEmptyTags() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("building", "Block 7, east=wing");
        tags.put("floor", null);
        tags.put("zone", "");
        Point p = new Point("my measure,x", tags, Map.of("note", "say \"hi\" \\ bye\nnext"), T);

        assertThat(p.toLineProtocol()).isEqualTo(
                "my\\ measure\\,x,building=Block\\ 7\\,\\ east\\=wing note=\"say \\\"hi\\\" \\\\ bye next\" 1795867200123");
    }

    @Test
    void refusesPointsWithoutFieldsOrWithValuesInfluxCannotStore() {
        assertThatThrownBy(() -> new Point("pressure", Map.of(), Map.of(), T)).hasMessageContaining("at least one field");
        assertThatThrownBy(() -> new Point("pressure", Map.of(), Map.of("value", Double.NaN), T))
                .hasMessageContaining("not finite");
        assertThatThrownBy(() -> new Point("pressure", Map.of(), Map.of("value", 3), T))
                .hasMessageContaining("must be a Double, Long, Boolean or String, not Integer");
    }

    @Test
    void keepsFieldsInTheirOrderWithoutACopyAndChecksThemAsAnyOther() {
        Fields fields = Fields.of("seq", 41L, "readings", 1L);
        Point p = new Point("heartbeat", Map.of("device", "pi-1"), fields, T);

        assertThat(p.fields()).isSameAs(fields).containsExactly(Map.entry("seq", 41L), Map.entry("readings", 1L))
                .isEqualTo(Map.of("readings", 1L, "seq", 41L));
        assertThat(p.toLineProtocol()).isEqualTo("heartbeat,device=pi-1 seq=41i,readings=1i 1795867200123");
        assertThat(new Point("pressure", Map.of(), Fields.of("value", 0.32), T))
                .isEqualTo(new Point("pressure", Map.of(), Map.of("value", 0.32), T));
        assertThatThrownBy(() -> new Point("pressure", Map.of(), Fields.of("value", Double.POSITIVE_INFINITY), T))
                .hasMessageContaining("not finite");
        assertThatThrownBy(() -> new Point("pressure", Map.of(), Fields.of("value", 3), T))
                .hasMessageContaining("must be a Double, Long, Boolean or String, not Integer");
        assertThatThrownBy(() -> Fields.of("seq", 1L, "seq", 2L)).hasMessageContaining("given twice");
    }
}
