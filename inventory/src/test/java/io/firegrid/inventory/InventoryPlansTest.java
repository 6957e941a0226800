package io.firegrid.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import org.junit.jupiter.api.Test;

/** Floor plans of a site and sensors' positions on them, as the inventory gives them (docs/floor-plans.md). */
class InventoryPlansTest {

    private static String inventory(String plans, String sensors) {
        return """
                tenant: t1
                people:
                  - {id: wang, name: Wang Fang, role: grid-worker}
                stations:
                  - {id: S1, name: Station 1, location: {lat: 31.2, lon: 121.4}, crew: []}
                cells:
                  - {id: c1, station: S1, gridWorkers: [wang]}
                sites:
                  - id: b7
                    name: Building 7
                    cell: c1
                    building: "7"
                    buildings: ["8"]
                    floors: 18
                    basementFloors: 1
                    captains: []
                    plans:
                %s
                devices:
                  - id: pi-1
                    site: b7
                    location: {floor: 3, label: east corridor}
                    sensors:
                %s
                """.formatted(plans.indent(6).stripTrailing(), sensors.indent(6).stripTrailing()); // plans from line 18
    }

    @Test
    void plansAndPositionsAreReadWithTheirPlaces() {
        InventoryParser.Result r = InventoryParser.parse(inventory("""
                      - {floor: 3, file: plans/floor-3.png}
                      - {building: "8", floor: B1, file: "plans/b8 basement.svg"}""", """
                      - {id: smoke-1, kind: smoke, gpio: 17, contact: "NO", position: {x: 0.42, y: 0.7}}
                      - {id: smoke-2, kind: smoke, gpio: 22, contact: "NO", location: {building: "8", floor: B1}, position: {x: 0, y: 1}}
                      - {id: door-1, kind: door, gpio: 27, contact: NC}"""));

        assertThat(r.problems()).isEmpty();
        assertThat(r.warnings()).isEmpty();
        Site site = r.inventory().sites().get(0);
        assertThat(site.plans()).extracting(PlanFile::building, PlanFile::floor, PlanFile::file)
                .containsExactly(tuple(null, 3, "plans/floor-3.png"), tuple("8", -1, "plans/b8 basement.svg"));
        assertThat(site.plans().get(0).at().line()).isEqualTo(18);
        assertThat(r.inventory().devices().get(0).sensors()).extracting(Sensor::position)
                .containsExactly(new PlanPoint(0.42, 0.7), new PlanPoint(0, 1), null);
    }

    @Test
    void everyMistakeIsReportedAtItsLineWithAHint() {
        InventoryParser.Result r = InventoryParser.parse(inventory("""
                      - {floor: 3, file: ../outside/floor-3.png}
                      - {floor: 19, file: plans/19.png}
                      - {building: "9", floor: 2, file: plans/9-2.png}
                      - {floor: 4, file: /etc/passwd.png}
                      - {floor: 5, file: plans/floor-5.pdf}
                      - {floor: 6, file: plans/6.png, scale: 2}
                      - {floor: 7, file: plans/7.png}
                      - {floor: 7, file: plans/7b.png}
                      - {file: plans/none.png}""", """
                      - {id: smoke-1, kind: smoke, gpio: 17, contact: "NO", position: {x: 1.5, y: 0.2}}
                      - {id: smoke-2, kind: smoke, gpio: 22, contact: "NO", position: {x: 0.5}}
                      - {id: smoke-3, kind: smoke, gpio: 23, contact: "NO", position: {x: a, y: 0.2}}"""));

        assertThat(r.problems()).extracting(Problem::line, Problem::message).containsExactly(
                tuple(18, "file '../outside/floor-3.png' of the plan on line 18 of site 'b7' leads out of the inventory's folder (..)"),
                tuple(19, "floor 19 of the plan on line 19 of site 'b7' is outside site 'b7', which has floors 1 to 18 and basements B1 to B1"),
                tuple(20, "building '9' of the plan on line 20 of site 'b7' is not a building of site 'b7' (7, 8)"),
                tuple(21, "file '/etc/passwd.png' of the plan on line 21 of site 'b7' is not a path relative to the inventory"),
                tuple(22, "file 'plans/floor-5.pdf' of the plan on line 22 of site 'b7' is not a .png, .jpg, .jpeg or .svg image"),
                tuple(23, "unknown key 'scale' in the plan on line 23 of site 'b7'"),
                tuple(25, "floor 7 has a second plan in site 'b7'"),
                tuple(26, "the plan on line 26 of site 'b7' has no 'floor'"),
                tuple(32, "x 1.5 of the position of sensor 'smoke-1' of device 'pi-1' is not between 0 and 1"),
                tuple(33, "the position of sensor 'smoke-2' of device 'pi-1' has no 'y'"),
                tuple(34, "'x' of the position of sensor 'smoke-3' of device 'pi-1' must be a number, not 'a'"));
        assertThat(r.problems()).allSatisfy(p -> assertThat(p.hint()).isNotBlank());
        assertThat(r.problems().get(6).hint()).isEqualTo("keep one; the first is on line 24");
    }

    @Test
    void aPositionNeedsAFloorAndAFloorWithoutAPlanIsAWarning() {
        InventoryParser.Result r = InventoryParser.parse(inventory("""
                      - {floor: 3, file: plans/floor-3.png}""", """
                      - {id: smoke-1, kind: smoke, gpio: 17, contact: "NO", location: {floor: 4}, position: {x: 0.1, y: 0.2}}
                      - {id: smoke-2, kind: smoke, gpio: 22, contact: "NO", position: {x: 0.1, y: 0.2}}""")
                .replace("    location: {floor: 3, label: east corridor}\n", "    location: {label: east corridor}\n"));

        assertThat(r.problems()).extracting(Problem::line, Problem::message).containsExactly(
                tuple(25, "sensor 'smoke-2' of device 'pi-1' has a position but no floor to draw it on"));
        assertThat(r.warnings()).extracting(Problem::line, Problem::message).containsExactly(
                tuple(24, "sensor 'smoke-1' of device 'pi-1' is placed on floor 4 of building 7, which has no plan in site 'b7'"));
    }
}
