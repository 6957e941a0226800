package io.firegrid.inventory;

import io.firegrid.protocol.place.Floor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;

/**
 * Reads where things are drawn: a site's {@code plans:} (one image per floor, a file beside the
 * inventory) and a sensor's {@code position: {x, y}} on its floor's plan; each value checked where it
 * is written (docs/floor-plans.md, "From the inventory"). The files themselves are read by
 * {@code register}, which names these lines when one is missing or refused.
 */
final class PlanReading {

    static final List<String> PLAN = List.of("building", "floor", "file");
    static final List<String> POSITION = List.of("x", "y");
    /** The extensions of the images a plan may be, as the gateway takes them (PNG, JPEG, SVG). */
    static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".svg");

    private PlanReading() {
    }

    /** A site's {@code plans:}, empty when absent; each entry checked against the site's buildings and floors. */
    static List<PlanFile> plans(Fields site, String building, List<String> buildings, Integer floors, Integer basements) {
        List<PlanFile> out = new ArrayList<>();
        Map<String, Position> seen = new HashMap<>();
        for (MappingNode m : site.list("plans", "{floor: 3, file: plans/floor-3.png}")) {
            Fields p = new Fields(m, "the plan on line " + Fields.at(m).line() + " of " + site.what(), PLAN, site.problems());
            String b = p.text("building", false, "\"8\"");
            String floorText = p.text("floor", true, "3");
            String file = p.text("file", true, "plans/floor-3.png   # beside the inventory");
            Integer floor = null;
            if (floorText != null) {
                floor = Floor.parse(floorText).orElse(null);
                if (floor == null) {
                    p.problem(p.pos("floor"), "floor '" + floorText + "' of " + p.what() + " is not a floor",
                            "write " + Floor.expected());
                }
            }
            List<String> all = new ArrayList<>();
            if (building != null) {
                all.add(building);
            }
            buildings.stream().filter(x -> !all.contains(x)).forEach(all::add);
            if (b != null && !all.contains(b)) {
                p.problem(p.pos("building"), "building '" + b + "' of " + p.what() + " is not a building of " + site.what()
                        + " (" + String.join(", ", all) + ")", "add it to the site's 'buildings', or correct it");
                b = null;
                floor = null;
            }
            if (floor != null && floors != null) {
                int below = basements == null ? 0 : basements;
                if (floor > floors || floor < -below) {
                    p.problem(p.pos("floor"), "floor " + Floor.text(floor) + " of " + p.what() + " is outside " + site.what()
                            + ", which has floors 1 to " + floors + (below == 0 ? " and no basement" : " and basements B1 to B" + below),
                            "correct the floor, or the site's 'floors' and 'basementFloors'");
                    floor = null;
                }
            }
            if (file != null && !fileProblem(p, file)) {
                file = null;
            }
            if (floor == null || file == null) {
                continue;
            }
            String key = (b == null ? building : b) + "\u0000" + floor;
            Position first = seen.putIfAbsent(key, p.pos());
            if (first != null) {
                p.problem(p.pos("floor"), "floor " + Floor.text(floor) + (b == null ? "" : " of building " + b)
                        + " has a second plan in " + site.what(), "keep one; the first is on line " + first.line());
                continue;
            }
            out.add(new PlanFile(b, floor, file.strip(), p.pos("file")));
        }
        return out;
    }

    /**
     * Whether {@code file} is a path the installer's tools will read: relative, inside the inventory's
     * folder (no {@code ..}), an image by its extension; reported at its line otherwise.
     */
    private static boolean fileProblem(Fields p, String file) {
        String f = file.strip();
        String hint = "give the image's path relative to the inventory file, e.g. plans/floor-3.png, with the file "
                + "in that folder or below it";
        String why = null;
        if (f.isEmpty()) {
            why = "is empty";
        } else if (f.startsWith("/") || f.startsWith("\\") || f.startsWith("~") || f.matches("^[A-Za-z]:.*") || f.contains("://")) {
            why = "is not a path relative to the inventory";
        } else if (f.contains("\\")) {
            why = "has a backslash: separate folders with /";
        } else if (List.of(f.split("/")).contains("..")) {
            why = "leads out of the inventory's folder (..)";
        } else if (f.chars().anyMatch(c -> c < 0x20)) {
            why = "has a control character";
        } else if (EXTENSIONS.stream().noneMatch(e -> f.toLowerCase(Locale.ROOT).endsWith(e))) {
            why = "is not a .png, .jpg, .jpeg or .svg image";
            hint = "export the plan as PNG, JPEG or SVG (the gateway takes those three)";
        }
        if (why != null) {
            p.problem(p.pos("file"), "file '" + f + "' of " + p.what() + " " + why, hint);
            return false;
        }
        return true;
    }

    /** A sensor's {@code position: {x, y}}, null when absent or not usable. */
    static PlanPoint position(Fields sensor) {
        if (!sensor.has("position")) {
            return null;
        }
        Fields p = sensor.map("position", false, "the position of " + sensor.what(), POSITION, "{x: 0.42, y: 0.7}");
        Double x = p.number("x", true, "0.42   # from the plan's left edge, as a fraction of its width");
        Double y = p.number("y", true, "0.7   # from the plan's top, as a fraction of its height");
        boolean ok = x != null && y != null;
        for (String k : POSITION) {
            Double v = k.equals("x") ? x : y;
            if (v != null && (v < 0 || v > 1)) {
                p.problem(p.pos(k), k + " " + v + " of " + p.what() + " is not between 0 and 1",
                        "x from the plan's left edge and y from its top, as fractions of its width and height "
                                + "(0.5 is the middle)");
                ok = false;
            }
        }
        return ok ? new PlanPoint(x, y) : null;
    }

    /**
     * Checks the positions of a device's sensors: each needs a floor (its own location's, else its
     * device's); a floor without a plan in its site's {@code plans:} is a warning (the plan may have
     * been uploaded on the console).
     */
    static void checkPositions(Fields device, Location devicePlace, Site site, List<Parsed<Sensor>> sensors,
                               List<Problem> warnings) {
        for (Parsed<Sensor> ps : sensors) {
            Sensor s = ps.value();
            if (s.position() == null) {
                continue;
            }
            Location at = s.location() == null ? devicePlace : s.location().orElse(devicePlace);
            Integer floor = at == null ? null : at.floor();
            if (floor == null) {
                ps.at().problem(ps.at().pos("position"), "sensor '" + s.id() + "' of " + device.what()
                        + " has a position but no floor to draw it on",
                        "give its floor: location: {floor: 3} on the sensor or on its device");
                continue;
            }
            if (site == null) {
                continue;
            }
            String building = at.building() != null ? at.building() : site.building();
            boolean planned = site.plans().stream().anyMatch(p -> p.floor() == floor
                    && (p.building() == null ? site.building() : p.building()).equals(building));
            if (!planned) {
                warnings.add(ps.at().pos("position").problem("sensor '" + s.id() + "' of " + device.what()
                        + " is placed on floor " + Floor.text(floor) + " of building " + building + ", which has no plan in "
                        + "site '" + site.id() + "'", "add the floor to the site's 'plans:', or upload its plan on the "
                        + "console before register (register reports it failed otherwise)"));
            }
        }
    }
}
