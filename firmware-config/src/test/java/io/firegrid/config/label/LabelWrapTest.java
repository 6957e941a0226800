package io.firegrid.config.label;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** How a label's printed lines are cut when they are wider than the label (width = characters here). */
class LabelWrapTest {

    @Test
    void aLineIsCutBetweenFieldsSoATenantStaysWithItsName() {
        String line = new LabelContent("jinqiao", "pi-0001", "bldg-7", "Building 7", "3F east corridor",
                LocalDate.parse("2026-12-06")).lines()[2];

        assertThat(line).isEqualTo("Installed: 2026-12-06   Tenant: jinqiao");
        assertThat(LabelWriter.wrap(line, String::length, 32))
                .containsExactly("Installed: 2026-12-06", "Tenant: jinqiao");
    }

    @Test
    void aLineWithoutFieldsIsCutAtItsLastSpaceAndOneThatFitsIsKept() {
        assertThat(LabelWriter.wrap("Location: 3F east corridor by the stairs", String::length, 27))
                .containsExactly("Location: 3F east corridor", "by the stairs");
        assertThat(LabelWriter.wrap("Site: bldg-7", String::length, 27)).containsExactly("Site: bldg-7");
    }
}
