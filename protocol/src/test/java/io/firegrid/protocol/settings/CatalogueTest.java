package io.firegrid.protocol.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogueTest {

    private static final Setting<Integer> PORT = Setting.port("FIREGRID_A_PORT", 1883, "MQTT for devices");
    private static final Setting<String> TOKEN = Setting.string("FIREGRID_A_VERY_LONG_NAME_OF_A_TOKEN", null,
            "generated into the data directory", "the admin's bearer token | used by scripts");
    private static final Catalogue CATALOGUE = Catalogue.of("demo").group("Ports", PORT).group("Access", TOKEN).build();

    @Test
    void helpListsEachGroupAndSettingWithItsDefault() {
        assertThat(CATALOGUE.help()).isEqualTo("""
                Ports:
                  FIREGRID_A_PORT               MQTT for devices [1883]

                Access:
                  FIREGRID_A_VERY_LONG_NAME_OF_A_TOKEN
                                                the admin's bearer token | used by scripts [generated into the data directory]
                """);
    }

    @Test
    void markdownIsATablePerGroupWithPipesEscaped() {
        assertThat(CATALOGUE.markdown()).contains("**Ports**\n\n| variable | default | allowed | meaning |")
                .contains("| `FIREGRID_A_PORT` | 1883 | between 0 and 65535 (0 = any free port, -1 = off) | MQTT for devices |")
                .contains("the admin's bearer token \\| used by scripts");
    }

    @Test
    void rendersIntoTheMarkedSectionOnly() {
        String doc = "intro\n" + CATALOGUE.beginMarker() + "\nold table\n" + CATALOGUE.endMarker() + "\noutro\n";
        String rendered = CATALOGUE.renderInto(doc);
        assertThat(rendered).startsWith("intro\n" + CATALOGUE.beginMarker() + "\n**Ports**")
                .endsWith(CATALOGUE.endMarker() + "\noutro\n").doesNotContain("old table");
        assertThat(CATALOGUE.renderInto(rendered)).isEqualTo(rendered);
        assertThatThrownBy(() -> CATALOGUE.renderInto("no markers")).hasMessageContaining("settings:demo:begin");
    }

    @Test
    void rewritesTheTableInAFileAndSaysWhetherItChanged(@TempDir Path dir) throws IOException {
        Path readme = dir.resolve("README.md");
        Files.writeString(readme, "# Demo\n\n" + CATALOGUE.beginMarker() + "\nstale\n" + CATALOGUE.endMarker() + "\nafter\n");

        assertThat(CATALOGUE.rewrite(readme)).isEqualTo(readme + ": demo settings table rewritten from the declarations");
        String once = Files.readString(readme);
        assertThat(once).startsWith("# Demo").endsWith(CATALOGUE.endMarker() + "\nafter\n").doesNotContain("stale")
                .contains(CATALOGUE.markdown());
        assertThat(CATALOGUE.rewrite(readme)).isEqualTo(readme + ": demo settings table already up to date");
        assertThat(Files.readString(readme)).isEqualTo(once);
    }

    @Test
    void refusesANameListedTwice() {
        assertThatThrownBy(() -> Catalogue.of("demo").group("a", PORT).group("b", PORT).build())
                .hasMessage("FIREGRID_A_PORT is listed twice in the demo catalogue");
    }
}
