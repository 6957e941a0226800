package io.firegrid.protocol.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceCheckTest {

    @TempDir
    Path src;

    private static final Catalogue CATALOGUE = Catalogue.of("demo")
            .group("all", Setting.port("FIREGRID_A_PORT", 1, "a"), Setting.bool("FIREGRID_B_FLAG", false, "b")).build();

    @Test
    void findsALiteralOutsideADeclarationButNotTheDeclarationItself() throws Exception {
        Files.writeString(src.resolve("Options.java"), """
                class Options {
                    static final Setting<Integer> PORT = Setting.port("FIREGRID_A_PORT", 1, "a");
                    static final Setting<Boolean> FLAG = Setting.bool(
                            "FIREGRID_B_FLAG", false, "b");
                    int port(java.util.Map<String, String> env) {
                        return Integer.parseInt(env.get("FIREGRID_A_PORT"));
                    }
                }
                """);
        assertThat(SourceCheck.strayLiterals(src)).containsExactly("Options.java:6: \"FIREGRID_A_PORT\"");
        assertThat(SourceCheck.declaredNames(src)).containsExactly("FIREGRID_A_PORT", "FIREGRID_B_FLAG");
    }

    @Test
    void findsMentionsOfUndeclaredNamesAndAcceptsPrefixes() throws Exception {
        Files.writeString(src.resolve("Help.java"), """
                /** Reads FIREGRID_A_PORT and the other FIREGRID_* and FIREGRID_B_* variables. */
                class Help {
                    String hint = "set FIREGRID_C_PORT to 0";
                    String other = "see FIREGRID_Z_*";
                }
                """);
        assertThat(SourceCheck.unknownMentions(src, CATALOGUE))
                .containsExactly("Help.java:3: FIREGRID_C_PORT", "Help.java:4: FIREGRID_Z_*");
    }
}
