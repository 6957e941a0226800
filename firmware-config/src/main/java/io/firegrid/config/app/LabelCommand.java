package io.firegrid.config.app;

import io.firegrid.config.label.LabelContent;
import io.firegrid.config.label.LabelWriter;
import io.firegrid.inventory.Device;
import io.firegrid.inventory.Inventory;
import io.firegrid.inventory.Site;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code label}: a printable label per device, PNG and PDF, with a QR code. */
@Command(name = "label", mixinStandardHelpOptions = true,
        description = {
            "Makes a printable label per device: PNG (300 dpi) and PDF, 70 x 35 mm.",
            "",
            "The label shows the device id large, the site, the location from the inventory and the",
            "install date, next to a QR code carrying the same as JSON:",
            "  {\"tenant\":\"t1\",\"device\":\"pi-0001\",\"site\":\"bldg-7\",\"location\":\"...\",\"installed\":\"2026-11-28\"}",
            "Stick it on the device's enclosure; whoever services it later scans it to find the device.",
            "Writes OUT/DEVICE.png and OUT/DEVICE.pdf (replacing earlier ones). No secrets are on it.",
            "",
            "Examples:",
            "  firegrid config label site.yaml",
            "  firegrid config label site.yaml --device pi-0001 --date 2026-12-01 --out labels",
            "",
            "Exit code: 0 labels written, 1 a problem in the file or an unknown device, 2 usage or a",
            "file that cannot be read or written."
        })
final class LabelCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The site inventory (YAML).")
    Path file;

    @Option(names = "--device", paramLabel = "ID", description = "Label only this device (repeat for more). Default: every device.")
    List<String> devices = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "labels", description = "Where labels go. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "The install date printed and encoded. Default: today.")
    LocalDate date;

    @Override
    public Integer call() {
        PrintWriter outw = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ValidateCommand.Checked checked = ValidateCommand.readValid(spec, file, outw, "no labels");
        if (checked.inventory() == null) {
            return checked.exit();
        }
        Inventory inv = checked.inventory();
        for (String id : devices) {
            if (inv.devices().stream().noneMatch(d -> d.id().equals(id))) {
                err.println("label: device '" + id + "' is not in " + file);
                return 1;
            }
        }
        LocalDate installed = date != null ? date : LocalDate.now();
        int n = 0;
        try {
            for (Device d : inv.devices()) {
                if (!devices.isEmpty() && !devices.contains(d.id())) {
                    continue;
                }
                String siteName = inv.sites().stream().filter(s -> s.id().equals(d.site())).map(Site::name).findFirst().orElse(null);
                LabelContent c = new LabelContent(inv.tenant(), d.id(), d.site(), siteName, d.location(), installed);
                Path png = out.resolve(d.id() + ".png");
                Path pdf = out.resolve(d.id() + ".pdf");
                LabelWriter.png(c, png);
                LabelWriter.pdf(c, pdf);
                outw.println("label      " + d.id() + " -> " + png + ", " + pdf);
                n++;
            }
        } catch (IOException | RuntimeException e) {
            outw.flush();
            err.println("label: cannot write a label: " + e.getMessage());
            return 2;
        }
        outw.println(n + (n == 1 ? " label" : " labels") + " in " + out + " (installed " + installed + ")");
        outw.flush();
        return 0;
    }
}
