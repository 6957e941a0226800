package io.firegrid.config.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The help an installer copies commands from: nothing cut inside a value, each command's summary whole. */
class HelpTextTest {

    /**
     * An address as written in a description: a URL, or an IPv4 address with or without a port. Picocli
     * wraps where {@link java.text.BreakIterator} allows, which includes after ':' and '/', so an address
     * near the end of a line can be cut; the descriptions are written so that none is.
     */
    private static final Pattern ADDRESS = Pattern.compile("[a-z]+://[^\\s,;)']*[^\\s,;)'.]|\\d+\\.\\d+\\.\\d+\\.\\d+(:\\d+)?");

    @Test
    void noExampleOrAddressIsCutAcrossLines() {
        CommandLine top = Main.commandLine();
        for (CommandLine c : commands(top)) {
            String name = c.getCommandName();
            String help = c.getUsageMessage();
            CommandLine.Model.CommandSpec spec = c.getCommandSpec();
            List<String> written = new ArrayList<>(List.of(spec.usageMessage().description()));
            spec.options().forEach(o -> written.addAll(List.of(o.description())));
            for (String text : written) {
                if (text.strip().startsWith("firegrid ") || text.strip().startsWith("FIREGRID_")) {
                    assertThat(help).as("example in the help of " + name).contains(text.strip());
                }
                Matcher m = ADDRESS.matcher(text);
                while (m.find()) {
                    assertThat(help).as("address in the help of " + name).contains(m.group());
                }
            }
            assertThat(help.lines()).as("help of " + name).allSatisfy(l -> assertThat(l.length())
                    .isLessThanOrEqualTo(Main.HELP_WIDTH));
        }
    }

    private static List<CommandLine> commands(CommandLine top) {
        List<CommandLine> all = new ArrayList<>(List.of(top));
        all.addAll(top.getSubcommands().values());
        return all;
    }

    @Test
    void everyCommandSummaryInTheListIsASentenceOnOneLine() {
        CommandLine top = Main.commandLine();
        for (Map.Entry<String, CommandLine> sub : top.getSubcommands().entrySet()) {
            String[] description = sub.getValue().getCommandSpec().usageMessage().description();
            if (description.length > 0) {
                assertThat(description[0]).as("first line of " + sub.getKey() + "'s description").endsWith(".");
            }
        }
        assertThat(top.getUsageMessage()).contains("verify    Checks that the gateway sees each device online and every "
                + "sensor at rest as expected.\n");
    }
}
