package io.firegrid.config.app;

import io.firegrid.inventory.Inventory;
import io.firegrid.inventory.InventoryParser;
import io.firegrid.inventory.Problem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code validate}: every problem of an inventory as {@code FILE:LINE:COL: message} and a hint. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {
            "Checks a site inventory and lists every problem with its line and column.",
            "",
            "Every problem is printed at once, each as",
            "FILE:LINE:COL: message, followed by a line saying how to fix it.",
            "Checks: unknown or missing keys, wrong types, duplicate ids, references to stations,",
            "cells, sites or people that are not in the file or have the wrong role, GPIO pins",
            "that do not exist on the Pi's 40-pin header or are reserved, two sensors on one pin",
            "or one ADS1115 input, and hydrant pressure limits the gateway or GB 50974-2014 refuse.",
            "Networks: the type, an SSID over 32 bytes, an unknown country code, a passphrase written",
            "into the file (name it with passphraseSecret instead), an address that is not",
            "A.B.C.D/PREFIX, a gateway outside its subnet, gateway or dns without a static address",
            "(or an address without them), two devices on one static address or one hostname.",
            "Exit code: 0 valid, 1 problems found, 2 the file cannot be read."
        })
final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The site inventory (YAML), e.g. site.yaml.")
    Path file;

    @Override
    public Integer call() {
        InventoryParser.Result r = read(spec, file);
        if (r == null) {
            return 2;
        }
        return report(spec.commandLine().getOut(), file, r) ? 0 : 1;
    }

    /** Reads {@code file}, or says why it cannot and answers null. */
    static InventoryParser.Result read(CommandSpec spec, Path file) {
        try {
            return InventoryParser.read(file);
        } catch (NoSuchFileException e) {
            spec.commandLine().getErr().println(file + ": no such file; './firegrid config init " + file
                    + "' writes an example to start from");
        } catch (IOException | java.io.UncheckedIOException e) {
            spec.commandLine().getErr().println(file + ": cannot read it: " + e.getMessage());
        }
        return null;
    }

    /** A valid inventory, or the exit code of a command that cannot go on without one. */
    record Checked(Inventory inventory, int exit) {
    }

    /**
     * Reads {@code file} for a command that needs it valid: exit 2 when it cannot be read (saying
     * why), 1 when it has problems (printed, then "{@code nothing}: fix the problems above first").
     */
    static Checked readValid(CommandSpec spec, Path file, PrintWriter out, String nothing) {
        InventoryParser.Result r = read(spec, file);
        if (r == null) {
            return new Checked(null, 2);
        }
        if (!r.valid()) {
            report(out, file, r);
            out.println(nothing + ": fix the problems above first");
            return new Checked(null, 1);
        }
        return new Checked(r.inventory(), 0);
    }

    /** Prints the problems and a summary line; true if there were none. */
    static boolean report(PrintWriter out, Path file, InventoryParser.Result r) {
        for (Problem p : r.problems()) {
            out.println(p.format(file.toString()));
            out.println("  hint: " + p.hint());
        }
        for (Problem warning : r.warnings()) {
            out.println(file + ":" + warning.line() + ":" + warning.column() + ": warning: " + warning.message());
            out.println("  hint: " + warning.hint());
        }
        int w = r.warnings().size();
        String warned = w == 0 ? "" : "; " + w + (w == 1 ? " warning" : " warnings") + " above: legal, but check them";
        if (r.valid()) {
            out.println(file + ": valid (" + r.inventory().summary() + ")" + warned);
        } else if (r.stopped()) {
            out.println(file + ": could not be read past this problem, so others may be hidden behind it; fix it and "
                    + "run validate again");
        } else {
            int n = r.problems().size();
            out.println(file + ": " + n + (n == 1 ? " problem" : " problems") + "; fix them and run validate again");
        }
        out.flush();
        return r.valid();
    }

}
