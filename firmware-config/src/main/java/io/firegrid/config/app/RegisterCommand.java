package io.firegrid.config.app;

import io.firegrid.config.registration.Credentials;
import io.firegrid.config.registration.GatewayClient;
import io.firegrid.config.registration.PlanFiles;
import io.firegrid.config.registration.PlanRegistration;
import io.firegrid.config.registration.Registration;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code register}: validates, then pushes the inventory to a gateway, idempotently. */
@Command(name = "register", mixinStandardHelpOptions = true,
        description = {
            "Registers a valid inventory with a gateway; safe to run again.",
            "",
            "It validates first, then registers over the gateway's HTTP API: people (with their",
            "phones and preferences), stations, grid cells, sites, the duty rosters, then devices",
            "with their sensors and alarm limits, and fire alarm panels' UITDs with their GB/T 26875.3",
            "address and range.",
            "Safe to run again: a person, station, cell or site the gateway has already is",
            "'unchanged' when it matches the file, 'updated' when the file changed it (renamed",
            "building, new captain, cell handed to another station). A registered device is",
            "'unchanged' when its site, silence limit and sensors (kind, zone, limits) match the file;",
            "when they do not, it is changed on the gateway (its password kept) and printed 'updated'",
            "with each difference (sensors door-2 added, ...). A device the gateway decommissioned is",
            "not brought back ('FAILED', with how to). A roster is 'created', 'updated' or 'unchanged'",
            "like a place. Then the floor plans of the sites' 'plans:' (files beside the inventory, all",
            "checked before anything is sent) and the sensors' positions on them: 'unchanged' when the",
            "gateway has the same image or position, else uploaded or set. Devices, rosters and people the gateway holds for the tenant that the file no",
            "longer lists are printed; with --prune the devices are decommissioned (history kept, no longer",
            "expected online, logins refused), the rosters removed (that station's or cell's people on",
            "duty all the time again) and then the people removed, each after a question at the",
            "terminal, or with --yes. The gateway refuses to remove a person a station, cell or site",
            "still names ('REFUSED', naming them).",
            "Device passwords come from the credentials file (readable by you only) that 'bundle'",
            "writes too, so the gateway gets the password each bundle holds; a device not in it yet",
            "gets a random one, saved before the gateway sees it. Nothing is ever rotated.",
            "Over https:// it trusts only the site CA: --ca FILE, else the one 'bundle' kept beside the",
            "inventory (FILE.ca.pem), else this computer's CAs; a certificate that does not match is",
            "refused with what to do.",
            "Dual path: a device with a secondary gateway (its own or its site's 'secondary:', docs/",
            "dual-path.md) is registered on that gateway too, after the primary, with the same password",
            "and PSK, so its agent logs in on both; with it the people, stations, cells, sites and rosters,",
            "so the secondary knows where the device is and whom to tell. Same output, indented under a",
            "'secondary gateway URL' line, and idempotent alike. The secondary takes --secondary-token",
            "(default FIREGRID_SECONDARY_ADMIN_TOKEN, else --token) and --secondary-ca (default: the CA",
            "its 'secondary:' names with 'ca: FILE'). --prune asks the same question for each secondary",
            "and decommissions there the tenant's devices the file no longer lists; a secondary that",
            "cannot be reached is named, and register --prune run again once it is back finishes it.",
            "Prints one line per item and a summary. Exit code: 0 all registered, 1 a problem in",
            "the file, an item the gateway refused or a device that differs, 2 usage, 3 the gateway",
            "cannot be reached, does not speak HTTP there, or refused the token (then nothing more is sent)."
        })
final class RegisterCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The site inventory (YAML).")
    Path file;

    @Option(names = "--gateway", required = true, paramLabel = "URL", converter = GatewayUrl.class,
            description = "The gateway's HTTP(S) address, e.g. https://192.168.1.10:8443 or http://192.168.1.10:8080.")
    URI gateway;

    @Option(names = "--ca", paramLabel = "FILE",
            description = "With an https:// gateway: trust only this site CA (the gateway's ca.pem). Default: the inventory's "
                    + "name + .ca.pem, kept by 'bundle', else this computer's CAs.")
    Path caFile;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:FIREGRID_ADMIN_TOKEN}",
            description = "An admin or installer API token: the gateway's admin token ($FIREGRID_DATA_DIR/admin-token), or an "
                    + "installer token an admin issues (POST /api/v1/tokens with role installer). "
                    + "Default: the FIREGRID_ADMIN_TOKEN environment variable, which keeps it out of the process list.")
    String token;

    @Option(names = "--secondary-token", paramLabel = "TOKEN", defaultValue = "${env:FIREGRID_SECONDARY_ADMIN_TOKEN}",
            description = "An admin or installer token of the secondary gateway(s) the inventory names under 'secondary:'. "
                    + "Default: the FIREGRID_SECONDARY_ADMIN_TOKEN environment variable, else --token.")
    String secondaryToken;

    @Option(names = "--secondary-ca", paramLabel = "FILE",
            description = "With an https:// secondary gateway: trust only this CA (that gateway's ca.pem). Default: this "
                    + "computer's CAs.")
    Path secondaryCaFile;

    @Option(names = "--credentials", paramLabel = "FILE",
            description = "Where device passwords are kept (mode 600). Default: the inventory's name + .credentials.")
    Path credentialsFile;

    @Option(names = "--prune", description = "Decommission the devices and remove the rosters and the people the gateway "
            + "holds for this tenant that the file no longer lists; asks first.")
    boolean prune;

    @Option(names = "--yes", description = "With --prune: do not ask (for scripts).")
    boolean yes;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (token == null || token.isBlank()) {
            err.println("register: no token; give --token or set FIREGRID_ADMIN_TOKEN to the gateway's admin token (it "
                    + "writes one to $FIREGRID_DATA_DIR/admin-token) or to an installer token an admin issued you");
            return 2;
        }
        io.firegrid.config.siteca.SiteCa siteCa;
        try {
            siteCa = SiteCaChoice.forGateway(file, caFile);
        } catch (IllegalArgumentException e) {
            err.println("register: " + e.getMessage() + "; give the gateway's site CA with --ca FILE");
            return 2;
        }
        ValidateCommand.Checked checked = ValidateCommand.readValid(spec, file, out, "nothing registered");
        if (checked.inventory() == null) {
            return checked.exit();
        }
        PlanFiles.Read plans = PlanFiles.read(checked.inventory(), file);
        if (!plans.ok()) {
            plans.problems().forEach(out::println);
            out.println(plans.problems().size() + (plans.problems().size() == 1 ? " plan" : " plans")
                    + " cannot be sent; nothing registered");
            return 1;
        }
        Path creds = credentialsFile != null ? credentialsFile : Path.of(file + ".credentials");
        io.firegrid.config.siteca.SiteCa secondaryCa;
        try {
            secondaryCa = secondaryCaFile == null ? null : io.firegrid.config.siteca.SiteCa.read(secondaryCaFile);
        } catch (IllegalArgumentException e) {
            err.println("register: " + e.getMessage() + "; give the secondary gateway's CA with --secondary-ca FILE");
            return 2;
        }
        try {
            Credentials credentials = Credentials.load(creds);
            GatewayClient client = new GatewayClient(gateway, token, siteCa);
            Registration reg = new Registration(client, credentials, out::println);
            Registration.Summary s = reg.register(checked.inventory());
            new PlanRegistration(client, reg).register(checked.inventory(), plans.plans());
            int pruneExit = prune(reg, checked.inventory(), out, err);
            s = reg.summary();
            out.println(s + " (device passwords in " + creds + ")");
            out.flush();
            SecondaryRegistration.Outcome two = new SecondaryRegistration(credentials,
                    secondaryToken == null || secondaryToken.isBlank() ? token : secondaryToken, secondaryCa, file, out, err).pruning(prune)
                    .register(checked.inventory(), (two2, inv, where) -> pruneDevices(two2, inv, out, err, where));
            if (two == SecondaryRegistration.Outcome.UNREACHABLE) {
                return 3;
            }
            return s.allRegistered() && pruneExit == 0 && two == SecondaryRegistration.Outcome.DONE ? 0 : 1;
        } catch (IOException e) {
            out.flush();
            err.println("register: " + e.getMessage());
            return 3;
        }
    }

    /**
     * Lists the devices and the people the file no longer has; with --prune, once confirmed,
     * decommissions the devices and removes the people. 1 when not confirmed.
     */
    private int prune(Registration reg, io.firegrid.inventory.Inventory inv, PrintWriter out, PrintWriter err)
            throws IOException, InterruptedException {
        int devices = pruneDevices(reg, inv, out, err, "the gateway");
        // rosters before people: the gateway keeps a person a roster still names
        int rosters = pruneRosters(reg, inv, out, err);
        int people = prunePeople(reg, inv, out, err);
        return Math.max(devices, Math.max(rosters, people));
    }

    /** Lists the rosters the file no longer has; removes them with --prune once confirmed. 1 when not confirmed. */
    private int pruneRosters(Registration reg, io.firegrid.inventory.Inventory inv, PrintWriter out, PrintWriter err)
            throws IOException, InterruptedException {
        java.util.List<String> gone = reg.unlistedRosters(inv);
        if (gone.isEmpty()) {
            return 0;
        }
        String rosters = "roster of " + String.join(", roster of ", gone);
        if (!prune) {
            out.println("not in the file: " + rosters + " (still on the gateway; --prune removes them)");
            return 0;
        }
        if (!yes) {
            java.io.Console console = System.console();
            if (console == null) {
                out.flush();
                err.println("register: --prune would remove " + gone.size() + " roster(s): " + rosters
                        + "; no roster removed, since there is no terminal to ask: add --yes to confirm");
                return 1;
            }
            String answer = console.readLine("Remove %d roster(s) no longer in %s (everyone there on duty all the time "
                    + "again): %s? [y/N] ", gone.size(), file, rosters);
            if (answer == null || !answer.strip().equalsIgnoreCase("y") && !answer.strip().equalsIgnoreCase("yes")) {
                out.println("no roster removed");
                return 1;
            }
        }
        reg.pruneRosters(inv.tenant(), gone);
        return 0;
    }

    /** Lists the people the file no longer has; removes them with --prune once confirmed. 1 when not confirmed. */
    private int prunePeople(Registration reg, io.firegrid.inventory.Inventory inv, PrintWriter out, PrintWriter err)
            throws IOException, InterruptedException {
        java.util.List<String> gone = reg.unlistedPeople(inv);
        if (gone.isEmpty()) {
            return 0;
        }
        String ids = String.join(", ", gone);
        if (!prune) {
            out.println("not in the file: person " + ids + " (still on the gateway; --prune removes them)");
            return 0;
        }
        if (!yes) {
            java.io.Console console = System.console();
            if (console == null) {
                out.flush();
                err.println("register: --prune would remove " + gone.size() + " person(s): " + ids
                        + "; nobody removed, since there is no terminal to ask: add --yes to confirm");
                return 1;
            }
            String answer = console.readLine("Remove %d person(s) no longer in %s: %s? [y/N] ", gone.size(), file, ids);
            if (answer == null || !answer.strip().equalsIgnoreCase("y") && !answer.strip().equalsIgnoreCase("yes")) {
                out.println("nobody removed");
                return 1;
            }
        }
        reg.prunePeople(inv.tenant(), gone);
        return 0;
    }

    /** Lists the devices the file no longer has; decommissions them with --prune once confirmed. 1 when not confirmed. */
    private int pruneDevices(Registration reg, io.firegrid.inventory.Inventory inv, PrintWriter out, PrintWriter err,
            String where) throws IOException, InterruptedException {
        boolean secondary = !where.equals("the gateway");
        String indent = secondary ? "  " : "";
        java.util.List<String> gone = reg.unlisted(inv);
        if (gone.isEmpty()) {
            return 0;
        }
        String ids = String.join(", ", gone);
        if (!prune) {
            out.println(indent + "not in the file: " + ids + " (still in service on " + where + "; --prune decommissions them)");
            return 0;
        }
        if (!yes) {
            java.io.Console console = System.console();
            if (console == null) {
                out.flush();
                err.println("register: --prune would decommission " + gone.size() + " device(s)" + (secondary ? " on " + where
                        : "") + ": " + ids + "; nothing decommissioned" + (secondary ? " there" : "")
                        + ", since there is no terminal to ask: add --yes to confirm");
                return 1;
            }
            String answer = console.readLine("Decommission %d device(s) no longer in %s%s: %s? [y/N] ", gone.size(), file,
                    secondary ? " on " + where : "", ids);
            if (answer == null || !answer.strip().equalsIgnoreCase("y") && !answer.strip().equalsIgnoreCase("yes")) {
                out.println(indent + "nothing decommissioned" + (secondary ? " on " + where : ""));
                return 1;
            }
        }
        reg.prune(inv.tenant(), gone, file.getFileName().toString());
        return 0;
    }
}
