package io.firegrid.config.app;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code firegrid config}: the installer's command line, from a site inventory to devices known to
 * the gateway. The top command only lists its subcommands; each does one step of a site visit.
 */
@Command(name = "firegrid config", mixinStandardHelpOptions = true, version = "FireGrid config 0.1.0",
        description = {
            "The installer's tool: write down a site's stations, people, grid cells, buildings and",
            "Raspberry Pis in one inventory file, check it, turn it into SD cards and labels, register",
            "it with the gateway, and see every device come online.",
            "",
            "A visit: 'init site.yaml', edit it, 'validate site.yaml' until it is clean, then",
            "  bundle site.yaml --gateway https://GATEWAY:8443 one bundle per device, with its secrets and",
            "                                                   the gateway's site CA (MQTT over TLS)",
            "  register site.yaml --gateway https://GATEWAY:8443",
            "  flash pi-0001 --to /media/$USER/bootfs           per SD card",
            "  label site.yaml                                  print and stick on each device",
            "  verify site.yaml --gateway https://GATEWAY:8443  after mounting and powering them",
            "Guide: docs/installer.md. Inventory format: docs/inventory.md."
        },
        subcommands = {InitCommand.class, ValidateCommand.class, BundleCommand.class, RegisterCommand.class, ReplaceCommand.class, FlashCommand.class, LabelCommand.class, VerifyCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 2;
    }

    /**
     * Columns of the help text: wide enough that no example command and no address in a description
     * is cut across lines (a terminal narrower than this wraps the long line itself, and copying it
     * still gives the command whole, where a line break written into it would not).
     */
    static final int HELP_WIDTH = 120;

    /** The command line, for {@code main} and for tests that capture its output. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main()).setUsageHelpWidth(HELP_WIDTH).setParameterExceptionHandler(Main::usageError);
    }

    /**
     * A command line picocli cannot read: one line naming the command, what is wrong and where the
     * options are listed, not the whole help, which would bury the one line that matters.
     */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        String name = cl.getCommandSpec().qualifiedName();
        cl.getErr().println(cl.getCommandName() + ": " + e.getMessage() + " ('" + name + " --help' lists the options)");
        CommandLine.UnmatchedArgumentException.printSuggestions(e, cl.getErr());
        cl.getErr().flush();
        return 2;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
