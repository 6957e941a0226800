package io.firegrid.config.registration;

import io.firegrid.inventory.Inventory;
import io.firegrid.inventory.PlanFile;
import io.firegrid.inventory.Site;
import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.place.Floor;
import io.firegrid.protocol.place.PlanImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Reads the floor plans an inventory names ({@code plans:} of its sites), each relative to the
 * inventory's folder, and checks them as the gateway will: a regular file inside that folder (a
 * symbolic link leading out of it is refused), at most {@link PlanImage#MAX_BYTES}, a PNG, JPEG or SVG
 * by its bytes and as its extension says, an SVG with nothing active in it ({@link PlanImage}). Every
 * problem names the inventory line of the plan, and all are found before anything is sent. Stateless.
 */
public final class PlanFiles {

    /** One plan read from disk, ready to send. */
    public record Plan(String site, String building, int floor, PlanFile entry, byte[] bytes, PlanImage.Type type,
                       String sha256) {

        /** "bldg-7 building 7 floor 3", as register and verify print it. */
        public String name() {
            return site + " building " + building + " floor " + Floor.text(floor);
        }
    }

    /**
     * What was read: the plans, or the problems (as {@code FILE:LINE:COL: message} with a hint
     * line), never both.
     */
    public record Read(List<Plan> plans, List<String> problems) {

        public Read {
            plans = List.copyOf(plans);
            problems = List.copyOf(problems);
        }

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private PlanFiles() {
    }

    /** The plans of every site of {@code inv}, read relative to {@code inventoryFile}'s folder. */
    public static Read read(Inventory inv, Path inventoryFile) {
        Path folder = inventoryFile.toAbsolutePath().getParent();
        List<Plan> plans = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Site site : inv.sites()) {
            for (PlanFile p : site.plans()) {
                String building = p.building() != null ? p.building() : site.building();
                try {
                    byte[] bytes = bytes(folder, p.file());
                    PlanImage.Type type = PlanImage.typeOf(bytes);
                    String ext = p.file().substring(p.file().lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
                    boolean matches = ext.equals(type.extension()) || ext.equals("jpeg") && type == PlanImage.Type.JPEG;
                    if (!matches) {
                        throw new Refused("is a " + type.name() + " image, not what its extension ." + ext + " says",
                                "rename it to ." + type.extension() + ", or export it again");
                    }
                    plans.add(new Plan(site.id(), building, p.floor(), p, bytes, type, sha256(bytes)));
                } catch (Refused e) {
                    problems.add(line(inventoryFile, p, "plan '" + p.file() + "' of site '" + site.id() + "' " + e.getMessage(),
                            e.hint));
                } catch (FireGridException e) {
                    problems.add(line(inventoryFile, p, "plan '" + p.file() + "' of site '" + site.id() + "' is refused: "
                            + e.reason(), e.hint() != null ? e.hint() : "export the plan as PNG, JPEG or SVG"));
                }
            }
        }
        return new Read(problems.isEmpty() ? plans : List.of(), problems);
    }

    private static final class Refused extends Exception {

        private final String hint;

        Refused(String message, String hint) {
            super(message);
            this.hint = hint;
        }
    }

    private static byte[] bytes(Path folder, String file) throws Refused {
        Path path = folder.resolve(file).normalize();
        if (!path.startsWith(folder)) {
            throw new Refused("leads out of the inventory's folder " + folder, "keep the plans beside the inventory");
        }
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !Files.exists(path)) {
            throw new Refused("is not there (" + path + ")", "put the image there, or correct 'file'");
        }
        try {
            Path real = path.toRealPath();
            if (!real.startsWith(folder.toRealPath())) {
                throw new Refused("is a link to " + real + ", outside the inventory's folder " + folder,
                        "copy the image beside the inventory instead of linking to it");
            }
            if (!Files.isRegularFile(real)) {
                throw new Refused("is not a file (" + path + ")", "give the image's file, not a folder");
            }
            if (Files.size(real) > PlanImage.MAX_BYTES) {
                throw new Refused("is " + Files.size(real) + " bytes, more than a plan may be (" + PlanImage.MAX_BYTES + ")",
                        "export it with fewer pixels or as a compressed PNG or JPEG (a floor at 150 dpi is well under 4 MiB)");
            }
            try (InputStream in = Files.newInputStream(real)) {
                byte[] b = in.readNBytes(PlanImage.MAX_BYTES + 1);
                if (b.length > PlanImage.MAX_BYTES) {
                    throw new Refused("grew beyond " + PlanImage.MAX_BYTES + " bytes while it was read", "try again");
                }
                return b;
            }
        } catch (IOException e) {
            throw new Refused("cannot be read (" + e.getMessage() + ")", "check that you may read it");
        }
    }

    private static String line(Path inventoryFile, PlanFile p, String message, String hint) {
        return inventoryFile + ":" + p.at().line() + ":" + p.at().column() + ": " + message + "\n  hint: " + hint;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
