package io.firegrid.config.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitValidateCommandTest {

    @TempDir
    Path dir;

    @Test
    void initWritesAnInventoryThatValidatesClean() throws Exception {
        Path f = dir.resolve("site.yaml");
        Cli init = Cli.run("init", "--tenant", "jinqiao", f.toString());
        assertThat(init.exit()).isZero();
        assertThat(Files.readString(f)).contains("tenant: jinqiao").contains("# FireGrid site inventory");

        Cli v = Cli.run("validate", f.toString());
        assertThat(v.exit()).isZero();
        assertThat(v.out()).isEqualTo(f + ": valid (2 devices, 1 site, 1 cell, 1 station, 5 people)\n");
    }

    @Test
    void initRefusesToOverwrite() throws Exception {
        Path f = Files.writeString(dir.resolve("site.yaml"), "mine");
        Cli init = Cli.run("init", f.toString());
        assertThat(init.exit()).isEqualTo(1);
        assertThat(init.err()).contains("already exists");
        assertThat(Files.readString(f)).isEqualTo("mine");
    }

    @Test
    void validatePrintsEveryProblemWithPositionAndHintThenFails() throws Exception {
        Path f = dir.resolve("site.yaml");
        Cli.run("init", f.toString());
        String text = Files.readString(f).replace("gpio: 27", "gpio: 17").replace("floors: 18", "flors: 18")
                .replace("cell: cell-1\n", "cell: cell-9\n");
        Files.writeString(f, text);

        Cli v = Cli.run("validate", f.toString());

        assertThat(v.exit()).isEqualTo(1);
        String[] lines = v.out().split("\n");
        assertThat(lines).hasSize(7);
        assertThat(lines[0]).matches(java.util.regex.Pattern.quote(f.toString()) + ":\\d+:\\d+: 'cell' of site 'bldg-7' names cell 'cell-9', which is not in the inventory");
        assertThat(lines[1]).isEqualTo("  hint: did you mean 'cell-1'?");
        assertThat(lines[2]).endsWith("unknown key 'flors' in site 'bldg-7'");
        assertThat(lines[3]).isEqualTo("  hint: did you mean 'floors'?");
        assertThat(lines[4]).endsWith("GPIO 17 is already used by sensor 'smoke-1' on line " + lineOf(text, "gpio: 17"));
        assertThat(lines[6]).isEqualTo(f + ": 3 problems; fix them and run validate again");
    }

    @Test
    void aDuplicateDeviceIdIsOneProblemAtTheSecondNamingTheFirstsLine() throws Exception {
        Path f = dir.resolve("site.yaml");
        Cli.run("init", f.toString());
        String text = Files.readString(f).replace("  - id: pi-0002\n", "  - id: pi-0001\n");
        Files.writeString(f, text);
        int at = text.indexOf("  - id: pi-0001\n");
        int first = lineOf(text, "  - id: pi-0001\n");
        int second = text.substring(0, text.indexOf("  - id: pi-0001\n", at + 1)).split("\n", -1).length;

        Cli v = Cli.run("validate", f.toString());

        assertThat(v.exit()).isEqualTo(1);
        assertThat(v.out()).matches("(?s)" + java.util.regex.Pattern.quote(f + ":" + second + ":") + "\\d+"
                + java.util.regex.Pattern.quote(": duplicate device id 'pi-0001'\n"
                + "  hint: ids are unique among devices; the first 'pi-0001' is on line " + first + "\n"
                + f + ": 1 problem; fix them and run validate again\n"));
    }

    @Test
    void anIndentationErrorSaysOtherProblemsMayHideBehindItNotThatItIsTheOnlyOne() throws Exception {
        Path f = dir.resolve("site.yaml");
        Cli.run("init", f.toString());
        String text = Files.readString(f);
        // one name indented one space too far, and a second mistake further down that YAML never reaches
        Files.writeString(f, text.replaceFirst("\n    name: ", "\n     name: ").replace("  - id: pi-0002\n", "  - id: pi-0001\n"));

        Cli v = Cli.run("validate", f.toString());

        assertThat(v.exit()).isEqualTo(1);
        assertThat(v.out()).contains("not valid YAML").contains("hint: check the indentation")
                .endsWith(f + ": could not be read past this problem, so others may be hidden behind it; fix it and run "
                        + "validate again\n")
                .doesNotContain("1 problem");
    }

    @Test
    void aValueLegalButOutsideTheFireCodeIsAWarningAndTheFileStaysValid() throws Exception {
        Path f = dir.resolve("site.yaml");
        Cli.run("init", f.toString());
        String text = Files.readString(f);
        assertThat(text).contains("pressureLowMpa: 0.35");
        Files.writeString(f, text.replaceFirst("pressureLowMpa: 0.35", "pressureLowMpa: 0.10"));
        int line = lineOf(Files.readString(f), "pressureLowMpa: 0.10");

        Cli v = Cli.run("validate", f.toString());

        assertThat(v.exit()).isZero();
        assertThat(v.out()).contains(f + ":" + line + ":").contains(": warning: pressureLowMpa 0.1 MPa is below 0.25 MPa")
                .contains("  hint: right for a roof tank")
                .contains(f + ": valid (").endsWith("; 1 warning above: legal, but check them\n");
    }

    @Test
    void validateOfAMissingFileSaysHowToStart() {
        Cli v = Cli.run("validate", dir.resolve("nope.yaml").toString());
        assertThat(v.exit()).isEqualTo(2);
        assertThat(v.err()).contains("no such file").contains("init");
    }

    @Test
    void everyCommandAnswersHelp() {
        for (String cmd : new String[] {"init", "validate", "register", "bundle", "flash", "label", "verify"}) {
            Cli h = Cli.run(cmd, "--help");
            assertThat(h.exit()).as(cmd).isZero();
            assertThat(h.out()).as(cmd).contains("Usage: firegrid config " + cmd);
        }
        for (String cmd : new String[] {"bundle", "flash", "label", "verify"}) {
            assertThat(Cli.run(cmd, "--help").out()).as(cmd).contains("Examples:").contains("Exit code: 0");
        }
        assertThat(Cli.run("--help").out()).contains("init").contains("validate").contains("register")
                .contains("bundle").contains("flash").contains("label").contains("verify");
    }

    private static int lineOf(String text, String needle) {
        return text.substring(0, text.indexOf(needle)).split("\n", -1).length;
    }
}
