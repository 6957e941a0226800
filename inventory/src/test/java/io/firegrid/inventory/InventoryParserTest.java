package io.firegrid.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.junit.jupiter.api.Test;

class InventoryParserTest {

    private static final String PLACES = """
            tenant: t1
            people:
              - {id: li, name: Li Wei, role: crew}
              - {id: wang, name: Wang Fang, role: grid-worker}
              - {id: zhao, name: Zhao Min, role: building-captain}
            stations:
              - {id: S1, name: Station 1, location: {lat: 31.2, lon: 121.4}, crew: [li]}
            cells:
              - {id: c1, station: S1, gridWorkers: [wang]}
            sites:
              - {id: b7, name: Building 7, cell: c1, building: "7", captains: [zhao]}
            """; // 11 lines

    private static List<Problem> problems(String yaml) {
        return InventoryParser.parse(yaml).problems();
    }

    @Test
    void exampleValidatesClean() {
        InventoryParser.Result r = InventoryParser.parse(InventoryExample.text("t9"));
        assertThat(r.problems()).isEmpty();
        assertThat(r.inventory().tenant()).isEqualTo("t9");
        assertThat(r.inventory().summary()).isEqualTo("2 devices, 1 site, 1 cell, 1 station, 5 people");
        Sensor hydrant = r.inventory().devices().get(1).sensors().get(1);
        assertThat(hydrant.i2cAddress()).isEqualTo(0x48);
        assertThat(hydrant.limits()).isEqualTo(new Limits(0.35, 0.50, null));
        assertThat(r.inventory().devices().get(0).sensors().get(0).contact()).isEqualTo(Contact.NO);
    }

    @Test
    void reportsUnknownKeyWithDidYouMean() {
        List<Problem> p = problems(PLACES.replace("building: \"7\"", "building: \"7\", flors: 3"));
        assertThat(p).extracting(Problem::line, Problem::column, Problem::message, Problem::hint)
                .containsExactly(tuple(11, 57, "unknown key 'flors' in site 'b7'", "did you mean 'floors'?"));
    }

    @Test
    void reportsMissingRequiredKeyAtItsMapping() {
        List<Problem> p = problems("""
                tenant: t1
                people:
                  - id: li
                    role: crew
                """);
        assertThat(p).extracting(Problem::line, Problem::column, Problem::message)
                .containsExactly(tuple(3, 5, "person 'li' has no 'name'"));
    }

    @Test
    void reportsWrongTypes() {
        List<Problem> p = problems(PLACES.replace("lat: 31.2", "lat: north").replace("building: \"7\"",
                "building: \"7\", floors: many"));
        assertThat(p).extracting(Problem::line, Problem::column, Problem::message).containsExactly(
                tuple(7, 47, "'lat' of the location of station 'S1' must be a number, not 'north'"),
                tuple(11, 65, "'floors' of site 'b7' must be a whole number, not 'many'"));
    }

    @Test
    void reportsDuplicateIdsAndKeys() {
        List<Problem> p = problems(PLACES + """
                  - {id: b7, name: Again, cell: c1, building: "8", cell: c1}
                """);
        assertThat(p).extracting(Problem::line, Problem::column, Problem::message).containsExactly(
                tuple(12, 10, "duplicate site id 'b7'"),
                tuple(12, 52, "'cell' appears twice in site 'b7'"));
        assertThat(p.get(0).hint()).contains("line 11");
    }

    @Test
    void reportsReferencesToUnknownIds() {
        String yaml = PLACES.replace("station: S1", "station: S2").replace("cell: c1", "cell: c9") + """
                devices:
                  - id: pi-1
                    site: b8
                    sensors: [{id: smoke-1, kind: smoke, gpio: 17, contact: "NO"}]
                """;
        assertThat(problems(yaml)).extracting(Problem::line, Problem::column, Problem::message).containsExactly(
                tuple(9, 23, "'station' of cell 'c1' names station 'S2', which is not in the inventory"),
                tuple(11, 38, "'cell' of site 'b7' names cell 'c9', which is not in the inventory"),
                tuple(14, 11, "'site' of device 'pi-1' names site 'b8', which is not in the inventory"));
    }

    @Test
    void reportsWrongRoles() {
        String yaml = PLACES.replace("crew: [li]", "crew: [li, wang]");
        assertThat(problems(yaml)).extracting(Problem::line, Problem::column, Problem::message).containsExactly(
                tuple(7, 77, "'crew' of station 'S1' names 'wang', whose role is grid-worker, not crew"));
    }

    @Test
    void reportsSiteWithoutCellAndDeviceWithoutSite() {
        String yaml = PLACES.replace("cell: c1, ", "") + """
                devices:
                  - id: pi-1
                    sensors: [{id: smoke-1, kind: smoke, gpio: 17, contact: "NO"}]
                """;
        assertThat(problems(yaml)).extracting(Problem::line, Problem::column, Problem::message).containsExactly(
                tuple(11, 5, "site 'b7' has no 'cell'"),
                tuple(13, 5, "device 'pi-1' has no 'site'"));
    }

    @Test
    void reportsCellWithoutStation() {
        assertThat(problems(PLACES.replace("station: S1, ", ""))).extracting(Problem::line, Problem::column,
                Problem::message).containsExactly(tuple(9, 5, "cell 'c1' has no 'station'"));
    }

    @Test
    void reportsSharedPinsAndAdcInputs() {
        String yaml = PLACES + """
                devices:
                  - id: pi-1
                    site: b7
                    sensors:
                      - {id: smoke-1, kind: smoke, gpio: 17, contact: "NO"}
                      - {id: door-1, kind: door, gpio: 17, contact: "NC"}
                      - {id: p1, kind: pressure, i2cAddress: 0x48, channel: 1, rangeMpa: 1.6}
                      - {id: p2, kind: pressure, i2cAddress: 72, channel: 1, rangeMpa: 1.6}
                """;
        List<Problem> p = problems(yaml);
        assertThat(p).extracting(Problem::line, Problem::column, Problem::message).containsExactly(
                tuple(17, 40, "GPIO 17 is already used by sensor 'smoke-1' on line 16"),
                tuple(19, 59, "ADS1115 0x48 channel 1 is already used by sensor 'p1' on line 18"));
    }

    @Test
    void reportsPinsMissingFromTheHeaderOrReservedSayingWhy() {
        String yaml = PLACES + """
                devices:
                  - id: pi-1
                    site: b7
                    sensors:
                      - {id: s1, kind: smoke, gpio: 40, contact: "NO"}
                      - {id: s2, kind: smoke, gpio: 14, contact: "NO"}
                      - {id: s3, kind: smoke, gpio: 0, contact: "NO"}
                      - {id: s4, kind: smoke, gpio: 3, contact: "NO"}
                      - {id: p1, kind: pressure, i2cAddress: 0x48, channel: 0, rangeMpa: 1.6}
                """;
        List<Problem> p = problems(yaml);
        assertThat(p).extracting(Problem::line, Problem::column, Problem::message).containsExactly(
                tuple(16, 37, "GPIO 40 does not exist on the Raspberry Pi 40-pin header"),
                tuple(17, 37, "GPIO 14 is reserved: BCM 14 and 15 (TXD, RXD) are the serial console UART"),
                tuple(18, 37, "GPIO 0 is reserved: BCM 0 and 1 (ID_SD, ID_SC) read the HAT ID EEPROM"),
                tuple(19, 37, "GPIO 3 is reserved: BCM 2 and 3 (SDA, SCL) are the I2C bus of this device's ADS1115"));
        assertThat(p.get(0).hint()).contains("not the physical pin number");
    }

    @Test
    void theHintForAReservedPinOffersOnlyPinsTheDeviceDoesNotUse() {
        String yaml = PLACES + """
                devices:
                  - id: pi-1
                    site: b7
                    sensors:
                      - {id: s1, kind: smoke, gpio: 14, contact: "NO"}
                      - {id: s2, kind: smoke, gpio: 5, contact: "NO"}
                      - {id: s3, kind: smoke, gpio: 17, contact: "NO"}
                """;
        List<Problem> p = problems(yaml);
        assertThat(p).extracting(Problem::message)
                .containsExactly("GPIO 14 is reserved: BCM 14 and 15 (TXD, RXD) are the serial console UART");
        assertThat(p.get(0).hint()).isEqualTo("use a pin this device does not use yet, such as BCM 6, 13, 16, 19, 20, "
                + "21, 23, 24, 25, 26 or 27");
        assertThat(WiringChecks.freePins(java.util.Set.copyOf(WiringChecks.CONTACT_PINS)))
                .startsWith("every suitable pin of this device is in use");
        assertThat(WiringChecks.freePins(java.util.Set.of(5, 6, 13, 16, 17, 19, 20, 21, 23, 24, 25, 26)))
                .isEqualTo("use a pin this device does not use yet, such as BCM 27");
    }

    @Test
    void acceptsI2cPinsForContactsWhenTheDeviceHasNoAdc() {
        String yaml = PLACES + """
                devices:
                  - {id: pi-1, site: b7, sensors: [{id: s4, kind: smoke, gpio: 3, contact: "NO"}]}
                """;
        assertThat(problems(yaml)).isEmpty();
    }

    @Test
    void acceptsManualCallPointsAndExitsAsContactsWithTheirOwnPins() {
        String yaml = PLACES + """
                devices:
                  - id: pi-1
                    site: b7
                    sensors:
                      - {id: mcp-1, kind: call-point, zone: A, gpio: 23, contact: "NO"}
                      - {id: exit-1, kind: exit, zone: A, gpio: 23, contact: "NC"}
                      - {id: exit-2, kind: exit, zone: A, contact: "NC"}
                """;
        InventoryParser.Result r = InventoryParser.parse(yaml);
        assertThat(r.problems()).extracting(Problem::message).containsExactlyInAnyOrder(
                "GPIO 23 is already used by sensor 'mcp-1' on line 16",
                "sensor 'exit-2' of device 'pi-1' has no 'gpio'");
    }

    @Test
    void reportsPressureLimitsTheCodeDoesNotAllow() {
        String yaml = PLACES + """
                devices:
                  - id: pi-1
                    site: b7
                    sensors:
                      - id: p1
                        kind: pressure
                        i2cAddress: 0x48
                        channel: 0
                        rangeMpa: 1.0
                        limits: {pressureLowMpa: 0.05, pressureHighMpa: 0.80}
                      - id: p2
                        kind: pressure
                        i2cAddress: 0x49
                        channel: 0
                        rangeMpa: 1.0
                        limits: {pressureLowMpa: 0.50, pressureHighMpa: 0.35}
                      - {id: d1, kind: door, gpio: 5, contact: "NC", limits: {doorHeldOpenSeconds: 0}}
                      - id: p3
                        kind: pressure
                        i2cAddress: 0x4A
                        channel: 0
                        rangeMpa: 1.0
                        limits: {pressureLowMpa: 0.35, pressureHighMpa: 5.0}
                """;
        List<Problem> p = problems(yaml);
        assertThat(p).extracting(Problem::line, Problem::column, Problem::message).containsExactly(
                tuple(21, 34, "pressureLowMpa 0.05 MPa is below 0.07 MPa, the lowest pressure GB 50974-2014 §5.2.2 allows anywhere"),
                tuple(21, 57, "pressureHighMpa 0.8 MPa is above 0.70 MPa, where GB 50974-2014 §7.4.12 requires pressure reduction"),
                tuple(27, 34, "pressure band 0.5 to 0.35 MPa must satisfy 0 <= pressureLowMpa < pressureHighMpa <= 1.6"),
                tuple(28, 84, "doorHeldOpenSeconds 0 is not between 1 and 86400"),
                tuple(34, 57, "pressureHighMpa 5.0 MPa is above 1.6 MPa, the highest pressure band the gateway takes"));
    }

    @Test
    void aPressureLimitLegalButBelowTheHydrantMinimumIsAWarningNotAProblem() {
        String yaml = PLACES + """
                devices:
                  - id: pi-1
                    site: b7
                    sensors:
                      - id: p1
                        kind: pressure
                        i2cAddress: 0x48
                        channel: 0
                        rangeMpa: 1.0
                        limits: {pressureLowMpa: 0.10, pressureHighMpa: 0.50}
                """;
        InventoryParser.Result r = InventoryParser.parse(yaml);

        assertThat(r.valid()).as("0.10 MPa is legal (a roof tank)").isTrue();
        assertThat(r.warnings()).extracting(Problem::line, Problem::column, Problem::message).containsExactly(
                tuple(21, 34, "pressureLowMpa 0.1 MPa is below 0.25 MPa, the least GB 50974-2014 §7.4.12 allows at a "
                        + "hydrant outlet (0.35 in high-rise buildings)"));
        assertThat(r.warnings().get(0).hint()).startsWith("right for a roof tank (0.07 to 0.15 MPa)");
        assertThat(InventoryParser.parse(yaml.replace("0.10", "0.30")).warnings()).isEmpty();
    }

    @Test
    void acceptsADevicesSilenceLimitAndReportsOneOutOfRange() {
        String yaml = PLACES + """
                devices:
                  - id: nb-1
                    site: b7
                    maxSilenceSeconds: 7500
                    sensors:
                      - {id: smoke-1, kind: smoke, gpio: 17, contact: "NO"}
                  - id: pi-2
                    site: b7
                    sensors:
                      - {id: smoke-1, kind: smoke, gpio: 17, contact: "NO"}
                """;
        InventoryParser.Result ok = InventoryParser.parse(yaml);
        assertThat(ok.problems()).isEmpty();
        assertThat(ok.inventory().devices()).extracting(Device::maxSilenceSeconds).containsExactly(7500, null);

        List<Problem> p = problems(yaml.replace("maxSilenceSeconds: 7500", "maxSilenceSeconds: 5"));
        assertThat(p).extracting(Problem::line, Problem::message)
                .containsExactly(tuple(15, "maxSilenceSeconds 5 of device 'nb-1' is not between 10 and 604800"));
        assertThat(p.get(0).hint()).contains("report interval");
        assertThat(problems(yaml.replace("maxSilenceSeconds: 7500", "maxSilenceSeconds: hourly")))
                .extracting(Problem::message).containsExactly("'maxSilenceSeconds' of device 'nb-1' must be a whole number, not 'hourly'");
    }

    @Test
    void reportsEveryProblemAtOnceInFileOrder() {
        String yaml = PLACES.replace("role: crew", "role: firefighter").replace("flors", "") + """
                devices:
                  - {id: pi-1, site: b7, sensors: [{id: s1, kind: heat, gpio: 17, contact: "NO"}], owner: me}
                """;
        List<Problem> p = problems(yaml);
        assertThat(p).extracting(Problem::line).isSorted();
        assertThat(p).extracting(Problem::message).contains(
                "role 'firefighter' of person 'li' is not one of crew, grid-worker, building-captain, duty-officer",
                "kind 'heat' of sensor 's1' of device 'pi-1' is not one of smoke, door, pressure, call-point, exit",
                "unknown key 'owner' in device 'pi-1'");
    }

    @Test
    void readsTheWireNamesOfTheSharedKindsAndRefusesDeviceAsASensorKind() {
        String yaml = PLACES + """
                devices:
                  - id: pi-1
                    site: b7
                    sensors:
                      - {id: s1, kind: call-point, gpio: 17, contact: "NO"}
                      - {id: s2, kind: exit, gpio: 27, contact: "NC"}
                """;
        InventoryParser.Result r = InventoryParser.parse(yaml);
        assertThat(r.problems()).isEmpty();
        assertThat(r.inventory().devices().get(0).sensors()).extracting(Sensor::kind)
                .containsExactly(io.firegrid.protocol.Kind.CALL_POINT, io.firegrid.protocol.Kind.EXIT);

        assertThat(problems(yaml.replace("kind: exit", "kind: device"))).extracting(Problem::message).containsExactly(
                "kind 'device' of sensor 's2' of device 'pi-1' is not one of smoke, door, pressure, call-point, exit");
    }

    @Test
    void reportsYamlSyntaxErrorsWithTheirPosition() {
        List<Problem> p = problems("tenant: t1\npeople:\n  - id: li\n   name: x\n");
        assertThat(p).hasSize(1);
        assertThat(p.get(0).line()).isEqualTo(4);
        assertThat(p.get(0).message()).startsWith("not valid YAML");
        assertThat(InventoryParser.parse("tenant: t1\npeople:\n  - id: li\n   name: x\n").stopped())
                .as("reading stopped there, so later problems are not known").isTrue();
        assertThat(InventoryParser.parse(PLACES.replace("tenant: t1", "tenant: T 1")).stopped())
                .as("a file read to its end").isFalse();
    }

    @Test
    void reportsStationEscalationLoop() {
        String yaml = PLACES.replace("crew: [li]}", "crew: [li], next: S2}\n  - {id: S2, name: Two, location: {lat: 31, lon: 121}, next: S1}");
        assertThat(problems(yaml)).extracting(Problem::line, Problem::message)
                .containsExactly(tuple(7, "'next' of station 'S1' leads back to it through S1 -> S2"));
    }
}
