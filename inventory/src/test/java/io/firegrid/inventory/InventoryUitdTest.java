package io.firegrid.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import org.junit.jupiter.api.Test;

/** A fire alarm panel's UITD in the inventory: its GB/T 26875.3 address, its range and its components. */
class InventoryUitdTest {

    private static final String PLACES = """
            tenant: t1
            people:
              - {id: wang, name: Wang Fang, role: grid-worker}
            stations:
              - {id: S1, name: Station 1, location: {lat: 31.2, lon: 121.4}, crew: []}
            cells:
              - {id: c1, station: S1, gridWorkers: [wang]}
            sites:
              - {id: b7, name: Building 7, cell: c1, building: "7", captains: []}
            devices:
            """; // 10 lines; devices from line 11

    private static InventoryParser.Result devices(String yaml) {
        return InventoryParser.parse(PLACES + yaml);
    }

    @Test
    void aUitdIsReadWithItsAddressInLowerCaseAndItsRangeWithoutWiring() {
        InventoryParser.Result r = devices("""
                  - id: uitd-7
                    site: b7
                    gb26875Address: "0000C0A80164"
                    gb26875Allow: 10.8.0.0/24
                    sensors:
                      - {id: c-1-1-261, kind: smoke, zone: F3}
                      - {id: c-1-1-23, kind: call-point, zone: F3}
                """);

        assertThat(r.problems()).isEmpty();
        assertThat(r.warnings()).isEmpty();
        Device d = r.inventory().devices().get(0);
        assertThat(d.isUitd()).isTrue();
        assertThat(d.gb26875Address()).isEqualTo("0000c0a80164");
        assertThat(d.gb26875Allow()).isEqualTo("10.8.0.0/24");
        assertThat(d.sensors()).extracting(Sensor::id).containsExactly("c-1-1-261", "c-1-1-23");
    }

    @Test
    void aUitdNeedsNoSensorsAndAPiStillDoes() {
        InventoryParser.Result r = devices("""
                  - {id: uitd-7, site: b7, gb26875Address: "000000000001", gb26875Allow: 10.8.0.5}
                  - {id: pi-1, site: b7}
                """);

        assertThat(r.problems()).extracting(Problem::line, Problem::message).containsExactly(
                tuple(12, "device 'pi-1' has no sensors"));
    }

    @Test
    void aBadAddressIsRefusedShowingTheFormAndAWrittenWithSeparatorsOneAsItShouldBe() {
        InventoryParser.Result r = devices("""
                  - {id: u1, site: b7, gb26875Address: "00:00:c0:a8:01:64", gb26875Allow: 10.8.0.5}
                  - {id: u2, site: b7, gb26875Address: "c0a80164", gb26875Allow: 10.8.0.5}
                  - {id: u3, site: b7, gb26875Address: "0000c0a80165", gb26875Allow: 10.8.0.0/33}
                  - {id: u4, site: b7, gb26875Address: "0000C0A80165", gb26875Allow: gateway.local}
                  - {id: pi-1, site: b7, gb26875Allow: 10.8.0.5, sensors: [{id: smoke-1, kind: smoke, gpio: 17, contact: "NO"}]}
                """);

        assertThat(r.problems()).extracting(Problem::line, Problem::message, Problem::hint).containsExactly(
                tuple(11, "gb26875Address '00:00:c0:a8:01:64' of device 'u1' is not a GB/T 26875.3 address",
                        "write it as \"0000c0a80164\": 12 hex digits without separators"),
                tuple(12, "gb26875Address 'c0a80164' of device 'u2' is not a GB/T 26875.3 address",
                        "the UITD's 6-byte address as 12 hex digits, most significant byte first, e.g. \"0000c0a80164\" "
                                + "(its panel settings or label show it)"),
                tuple(13, "gb26875Allow '10.8.0.0/33' of device 'u3' is not an address or a range",
                        "write the address its connections come from (10.8.0.5) or a range (10.8.0.0/24): the VPN or "
                                + "tunnel end the UITD reaches the gateway through"),
                tuple(14, "gb26875Address 0000c0a80165 of device 'u4' is also that of device 'u3' (line 13)",
                        "each UITD has its own address: check both panels' settings"),
                tuple(14, "gb26875Allow 'gateway.local' of device 'u4' is not an address or a range",
                        "write the address its connections come from (10.8.0.5) or a range (10.8.0.0/24): the VPN or "
                                + "tunnel end the UITD reaches the gateway through"),
                tuple(15, "'gb26875Allow' of device 'pi-1' needs 'gb26875Address'",
                        "give the UITD's address too, or remove 'gb26875Allow' from a Raspberry Pi"));
    }

    @Test
    void aUitdWithoutARangeIsValidWithAWarning() {
        InventoryParser.Result r = devices("  - {id: u1, site: b7, gb26875Address: \"0000c0a80164\"}\n");

        assertThat(r.problems()).isEmpty();
        assertThat(r.warnings()).extracting(Problem::line, Problem::message).containsExactly(tuple(11,
                "device 'u1' has no 'gb26875Allow': the gateway takes its frames from any address, and GB/T 26875.3 "
                        + "authenticates nothing"));
    }

    @Test
    void aComponentNotNamedAsTheGatewayNamesItOrWiredToAPinIsRefused() {
        InventoryParser.Result r = devices("""
                  - id: u1
                    site: b7
                    gb26875Address: "0000c0a80164"
                    gb26875Allow: 10.8.0.5
                    sensors:
                      - {id: smoke-1, kind: smoke}
                      - {id: c-1-1-261, kind: smoke, gpio: 17}
                      - {id: c-1-1-261, kind: smoke}
                """);

        assertThat(r.problems()).extracting(Problem::line, Problem::message).containsExactly(
                tuple(16, "sensor 'smoke-1' of UITD device 'u1' is not named as the gateway names a panel's component"),
                tuple(17, "'gpio' does not apply to a component of a fire alarm panel"),
                tuple(18, "duplicate sensor id 'c-1-1-261' in device 'u1'"));
        assertThat(r.problems().get(0).hint()).contains("c-1-1-261");
    }
}
