package io.firegrid.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing of the site inventory reader (docs/fuzzing.md). Whatever the file holds,
 * {@link InventoryParser#parse} returns, never throws: either an inventory and no problem, or no
 * inventory and problems that each have a position in the file, a message and a hint, in file
 * order; reading the same text twice gives the same answer; and the number of problems stays in
 * proportion to the text (YAML aliases cannot multiply them).
 */
class InventoryParserFuzzTest {

    @FuzzTest(maxDuration = "10s")
    // libFuzzer dictionary syntax: \\xNN escapes bytes
    @DictionaryEntries({"tenant: ", "people:", "stations:", "cells:", "sites:", "devices:", "sensors:", "  - id: ",
            "kind: smoke", "kind: pressure", "kind: door", "gpio: ", "contact: ", "i2cAddress: ", "channel: ",
            "rangeMpa: ", "limits:", "pressureLowMpa: ", "doorHeldOpenSeconds: ", "network:", "location:", "lat: ",
            "lon: ", "crew:", "next:", "gridWorkers:", "captains:", "floors: ", "maxSilenceSeconds: ", "role: ",
            "phone: ", "&a ", "*a", "!!", "<<: ", "\\x0A  ", "\\x0A    ", "- ", "[", "{", "~", ".nan", "0x"})
    void inventories(byte[] file) {
        String text = new String(file, StandardCharsets.UTF_8);
        InventoryParser.Result result = InventoryParser.parse(text);

        assertThat(result.valid()).isEqualTo(result.inventory() != null);
        assertThat(result.valid()).isEqualTo(result.problems().isEmpty());
        long lines = text.chars().filter(c -> c == '\n' || c == '\r').count() + 1;
        for (Problem p : result.problems()) {
            assertThat(p.line()).as("line of %s", p).isBetween(1, (int) Math.min(Integer.MAX_VALUE, lines + 1));
            assertThat(p.column()).as("column of %s", p).isPositive();
            assertThat(p.message()).as("message of %s", p).isNotBlank();
            assertThat(p.hint()).as("hint of %s", p).isNotBlank();
        }
        assertThat(result.problems()).isSorted();
        assertThat(result.problems().size()).as("problems for %s characters", text.length())
                .isLessThanOrEqualTo(2 * text.length() + 1);
        assertThat(InventoryParser.parse(text).problems()).isEqualTo(result.problems());
    }
}
