package io.firegrid.agent.app;

import io.firegrid.protocol.FireGridException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code firegrid-edge-agent.jar}: {@code run} one agent configured from the
 * environment, or {@code simulate} the demo's devices. Exit codes: 0 done, 1 failed while
 * running, 2 bad command line or configuration.
 */
@Command(name = "firegrid-edge-agent", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {
            "FireGrid edge agent: reads smoke detectors and fire/exit door contacts",
            "on a Raspberry Pi, sounds the local siren on smoke, and publishes every",
            "change to the FireGrid gateway over MQTT.",
            "",
            "  run       one agent, configured by the environment variables below",
            "  simulate  the demo: simulated agents on Pi4J's mock GPIO, registered",
            "            with a gateway, with smoke alarms and doors opening now and",
            "            then (see 'simulate --help')",
            "  rehearse  the agents of configuration bundles on this computer, on the",
            "            mock GPIO, to rehearse a visit (see 'rehearse --help')",
        })
public final class Main implements Runnable {

    /** Exit code for a bad command line or configuration. */
    public static final int EXIT_USAGE = 2;
    /** Exit code for a failure while running. */
    public static final int EXIT_FAILED = 1;

    /** SLF4J simple logger's level, read when the first logger is made. */
    private static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("rehearse") && System.getProperty(LOG_LEVEL) == null) {
            // a terminal the installer types into: warnings only; what was started and done is printed
            System.setProperty(LOG_LEVEL, "warn");
        }
        int code = execute(args, System.getenv(), System.out, System.err);
        // On success the JVM ends when the work is done, or through the shutdown hook on Ctrl-C.
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs the command line with {@code env} as the environment; returns the exit code. */
    public static int execute(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new Main());
        cli.addSubcommand("run", new RunCommand(env, err));
        cli.addSubcommand("simulate", new SimulateCommand(env, out, err));
        cli.addSubcommand("rehearse", new RehearseCommand(env, out, System.in));
        cli.getCommandSpec().usageMessage().footer(withStopNote(RunCommand.ENVIRONMENT));
        cli.getSubcommands().get("run").getCommandSpec().usageMessage().footer(withStopNote(RunCommand.ENVIRONMENT));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            FireGridException f = FireGridException.from(e);
            commandLine.getErr().println("firegrid-edge-agent: " + f.reason());
            if (f.status() == FireGridException.Status.INTERNAL) {
                e.printStackTrace(commandLine.getErr());
            }
            return f.status() == FireGridException.Status.BAD_REQUEST ? EXIT_USAGE : EXIT_FAILED;
        });
        return cli.execute(args);
    }

    private static String[] withStopNote(String[] footer) {
        String[] all = Arrays.copyOf(footer, footer.length + 2);
        all[footer.length] = "";
        all[footer.length + 1] = "Ctrl-C stops cleanly: connections closed, siren off, pins released.";
        return all;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say which mode: run, simulate or rehearse");
    }

    /** The module version from the jar manifest, when there is one. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"firegrid-edge-agent " + (v == null ? "(development build)" : v)};
        }
    }
}
