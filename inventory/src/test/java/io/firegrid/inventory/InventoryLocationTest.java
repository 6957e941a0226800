package io.firegrid.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Locations in the inventory: read as people write them, refused at their line and column. */
class InventoryLocationTest {

    private static final String PLACES = """
            tenant: t1
            people:
              - {id: li, name: Li Wei, role: crew}
              - {id: wang, name: Wang Fang, role: grid-worker}
            stations:
              - {id: S1, name: Station 1, location: {lat: 31.2, lon: 121.4}, crew: [li]}
            cells:
              - {id: c1, station: S1, gridWorkers: [wang]}
            sites:
              - id: demo
                name: 示范小区
                cell: c1
                building: "7"
                buildings: ["8", A座]
                floors: 18
                basementFloors: 2
                address: 上海市浦东新区金桥路88号
                location: {lat: 31.2304, lon: 121.4737}
            devices:
              - id: pi-b1
                site: demo
                location: {building: "7", unit: 2, floor: 3, label: 东侧走廊}
                sensors:
                  - id: smoke-1
                    kind: smoke
                    gpio: 17
                    contact: "NO"
                    location: {floor: B1, label: pump room}
            """; // the device's location is on line 22, the sensor's on line 28

    private static List<Problem> problems(String yaml) {
        return InventoryParser.parse(yaml).problems();
    }

    @Test
    void readsSiteLayoutAndLocationsWithBasementsAsB1OrMinusOne() {
        InventoryParser.Result r = InventoryParser.parse(PLACES);

        assertThat(r.problems()).isEmpty();
        Site site = r.inventory().sites().get(0);
        assertThat(site.allBuildings()).containsExactly("7", "8", "A座");
        assertThat(site.basementFloors()).isEqualTo(2);
        assertThat(site.address()).isEqualTo("上海市浦东新区金桥路88号");
        assertThat(site.lat()).isEqualTo(31.2304);
        Device d = r.inventory().devices().get(0);
        assertThat(d.place()).isEqualTo(new Location("7", 2, 3, "东侧走廊"));
        assertThat(d.location()).as("the installer's label text").isEqualTo("东侧走廊");
        assertThat(d.sensors().get(0).location()).isEqualTo(new Location(null, null, -1, "pump room"));
        assertThat(InventoryParser.parse(PLACES.replace("floor: B1", "floor: -1")).inventory().devices().get(0)
                .sensors().get(0).location().floor()).isEqualTo(-1);
    }

    @Test
    void plainTextLocationStaysTheInstallersOwn() {
        Device d = InventoryParser.parse(PLACES.replace("location: {building: \"7\", unit: 2, floor: 3, label: 东侧走廊}",
                "location: Ground floor lobby")).inventory().devices().get(0);

        assertThat(d.location()).isEqualTo("Ground floor lobby");
        assertThat(d.place()).isNull();
    }

    @Test
    void floorAboveTheSiteIsReportedAtItsLineAndColumn() {
        List<Problem> p = problems(PLACES.replace("unit: 2, floor: 3,", "unit: 2, floor: 19,"));

        assertThat(p).extracting(Problem::line, Problem::column, Problem::message)
                .containsExactly(tuple(22, 47, "floor 19 of device 'pi-b1' is outside site 'demo', which has floors 1 to 18 "
                        + "and basements B1 to B2"));
    }

    @Test
    void basementDeeperThanTheSiteIsReportedAtTheSensorsFloor() {
        List<Problem> p = problems(PLACES.replace("floor: B1", "floor: B3"));

        assertThat(p).extracting(Problem::line, Problem::column, Problem::message)
                .containsExactly(tuple(28, 27, "floor B3 of sensor 'smoke-1' of device 'pi-b1' is outside site 'demo', "
                        + "which has floors 1 to 18 and basements B1 to B2"));
        assertThat(p.get(0).hint()).contains("basementFloors");
    }

    @Test
    void unknownBuildingIsReportedAtItsLineAndColumn() {
        List<Problem> p = problems(PLACES.replace("building: \"7\", unit: 2", "building: \"9\", unit: 2"));

        assertThat(p).extracting(Problem::line, Problem::column, Problem::message, Problem::hint)
                .containsExactly(tuple(22, 26, "building '9' of device 'pi-b1' is not a building of site 'demo' (7, 8, A座)",
                        "add it to the site's 'buildings', or correct it"));
    }

    @Test
    void floorsThatAreNotFloorsAndUnitsOutOfRangeAreReported() {
        List<Problem> p = problems(PLACES.replace("floor: B1", "floor: 0").replace("unit: 2", "unit: 100"));

        assertThat(p).extracting(Problem::line, Problem::message).containsExactly(
                tuple(22, "unit 100 of device 'pi-b1' is not a number from 1 to 99"),
                tuple(28, "floor '0' of sensor 'smoke-1' of device 'pi-b1' is not a floor"));
    }

    @Test
    void siteBasementsAndCoordinatesAreChecked() {
        List<Problem> p = problems(PLACES.replace("basementFloors: 2", "basementFloors: 11")
                .replace("lat: 31.2304", "lat: 131.2"));

        assertThat(p).extracting(Problem::line, Problem::message).contains(
                tuple(16, "basementFloors of site 'demo' is 11, not a number from 0 to 10"),
                tuple(18, "latitude 131.2 of site 'demo' is not between -90 and 90"));
    }
}
