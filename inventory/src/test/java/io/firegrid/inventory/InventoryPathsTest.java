package io.firegrid.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** How devices report, as the inventory says it: supervised loops, CoAP, and the dual path's secondary gateway. */
class InventoryPathsTest {

    private static String places(String siteMore) {
        return """
                tenant: t1
                people:
                  - {id: wang, name: Wang Fang, role: grid-worker}
                stations:
                  - {id: S1, name: Station 1, location: {lat: 31.2, lon: 121.4}, crew: []}
                cells:
                  - {id: c1, station: S1, gridWorkers: [wang]}
                sites:
                  - {id: b7, name: Building 7, cell: c1, building: "7", captains: []%s}
                devices:
                """.formatted(siteMore); // 10 lines; devices from line 11
    }

    private static InventoryParser.Result devices(String yaml) {
        return InventoryParser.parse(places("") + yaml);
    }

    @Test
    void aContactWithAnEolLoopIsReadOnItsAdcInputWithTheDefaultsForWhatItLeavesOut() {
        InventoryParser.Result r = devices("""
                  - id: pi-1
                    site: b7
                    sensors:
                      - {id: smoke-2, kind: smoke, contact: "NO", eol: {channel: 1}}
                      - {id: door-2, kind: door, contact: NC, eol: {channel: 2, i2cAddress: 0x49, resistorOhms: 10000, alarmOhms: 10000, pullUpOhms: 10000}}
                      - {id: hydrant-1, kind: pressure, i2cAddress: 0x48, channel: 0, rangeMpa: 1.6}
                """);

        assertThat(r.problems()).isEmpty();
        Device d = r.inventory().devices().get(0);
        assertThat(d.sensors().get(0).eol()).isEqualTo(EolLoop.on(1));
        assertThat(d.sensors().get(0).gpio()).isNull();
        assertThat(d.sensors().get(1).eol()).isEqualTo(new EolLoop(2, 0x49, 10000, 10000, 10000));
        assertThat(d.sensors().get(2).eol()).isNull();
        assertThat(d.transport()).isEqualTo(Transport.MQTT);
    }

    @Test
    void everyMistakeInALoopIsReportedAtItsLine() {
        InventoryParser.Result r = devices("""
                  - id: pi-1
                    site: b7
                    sensors:
                      - {id: smoke-2, kind: smoke, contact: "NO", gpio: 17, eol: {channel: 1}}
                      - {id: smoke-3, kind: smoke, contact: "NO", eol: {channel: 4}}
                      - {id: smoke-4, kind: smoke, eol: {channel: 2, chanel: 3}}
                      - {id: door-2, kind: door, contact: NC, eol: {channel: 0}}
                      - {id: hydrant-1, kind: pressure, i2cAddress: 0x48, channel: 0, rangeMpa: 1.6, eol: {channel: 3}}
                      - {id: call-1, kind: call-point, contact: "NO", eol: {channel: 3, alarmOhms: 100000}}
                      - {id: exit-1, kind: exit, contact: "NO", eol: {channel: 3, i2cAddress: 0x50, resistorOhms: 50}}
                """);

        assertThat(r.problems()).extracting(Problem::line, Problem::message).containsExactly(
                tuple(14, "'gpio' does not apply to sensor 'smoke-2' of device 'pi-1', a supervised loop"),
                tuple(15, "ADS1115 channel 4 of sensor 'smoke-3' of device 'pi-1' does not exist"),
                tuple(16, "sensor 'smoke-4' of device 'pi-1' has no 'contact'"),
                tuple(16, "unknown key 'chanel' in the end-of-line loop of sensor 'smoke-4' of device 'pi-1'"),
                tuple(18, "ADS1115 0x48 channel 0 is already used by sensor 'door-2' on line 17"),
                tuple(18, "'eol' does not apply to a pressure sensor"),
                tuple(19, "the loop of sensor 'call-1' of device 'pi-1' reads 4700 Ω at rest and 4489 Ω with its NO "
                        + "contact active, too close to tell apart"),
                tuple(20, "I2C address 0x50 is not an ADS1115 address"),
                tuple(20, "resistorOhms 50 of sensor 'exit-1' of device 'pi-1' is not between 100 and 1000000 Ω"));
    }

    @Test
    void aDeviceOnCoapIsReadAndAnUnknownTransportIsRefusedWithTheChoices() {
        InventoryParser.Result ok = devices("""
                  - {id: pi-1, site: b7, transport: coap, sensors: [{id: smoke-1, kind: smoke, gpio: 17, contact: "NO"}]}
                """);
        InventoryParser.Result bad = devices("""
                  - {id: pi-1, site: b7, transport: http, sensors: [{id: smoke-1, kind: smoke, gpio: 17, contact: "NO"}]}
                """);

        assertThat(ok.problems()).isEmpty();
        assertThat(ok.inventory().devices().get(0).transport()).isEqualTo(Transport.COAP);
        assertThat(bad.problems()).extracting(Problem::line, Problem::message, Problem::hint).containsExactly(
                tuple(11, "transport 'http' of device 'pi-1' is not mqtt or coap",
                        "mqtt (the default: leave it out) or coap (CoAP over DTLS with the device's pre-shared key)"));
    }

    @Test
    void aSitesSecondaryGatewayIsItsDevicesUnlessADeviceHasItsOwnOrReportsOverCoap() {
        InventoryParser.Result r = InventoryParser.parse(places(
                ", secondary: {gateway: https://10.20.0.5:8443, mqtt: ssl://10.20.0.5:8883}") + """
                  - {id: pi-1, site: b7, sensors: [{id: smoke-1, kind: smoke, gpio: 17, contact: "NO"}]}
                  - {id: pi-2, site: b7, secondary: {gateway: "http://10.30.0.9:8080", mqtt: "tcp://10.30.0.9:1883"}, sensors: [{id: smoke-1, kind: smoke, gpio: 17, contact: "NO"}]}
                  - {id: pi-3, site: b7, transport: coap, sensors: [{id: smoke-1, kind: smoke, gpio: 17, contact: "NO"}]}
                """);

        assertThat(r.problems()).isEmpty();
        Inventory inv = r.inventory();
        assertThat(inv.secondaryOf(inv.devices().get(0))).isEqualTo(new SecondaryGateway(URI.create("https://10.20.0.5:8443"),
                URI.create("ssl://10.20.0.5:8883")));
        assertThat(inv.secondaryOf(inv.devices().get(1)).mqtt()).isEqualTo(URI.create("tcp://10.30.0.9:1883"));
        assertThat(inv.secondaryOf(inv.devices().get(2))).isNull();
        assertThat(r.warnings()).extracting(Problem::line, Problem::message).containsExactly(tuple(13,
                "device 'pi-3' reports over CoAP: it has no secondary path, although site 'b7' has a secondary gateway "
                        + "(the edge agent's secondary path is MQTT only)"));
    }

    @Test
    void aSecondaryGatewayNeedsBothAddressesInTheirFormsAndNoneOnACoapDevice() {
        InventoryParser.Result r = InventoryParser.parse(places(", secondary: {gateway: 10.20.0.5:8443}") + """
                  - {id: pi-1, site: b7, secondary: {gateway: "ftp://gw", mqtt: "ssl://gw"}, sensors: [{id: smoke-1, kind: smoke, gpio: 17, contact: "NO"}]}
                  - {id: pi-2, site: b7, transport: coap, secondary: {gateway: "http://gw:8080", mqtt: "tcp://gw:1883"}, sensors: [{id: smoke-1, kind: smoke, gpio: 17, contact: "NO"}]}
                """);

        assertThat(r.problems()).extracting(Problem::line, Problem::message).containsExactly(
                tuple(9, "the secondary gateway of site 'b7' has no 'mqtt'"),
                tuple(9, "'gateway' of the secondary gateway of site 'b7' is '10.20.0.5:8443', not http://HOST[:PORT] or "
                        + "https://HOST[:PORT]"),
                tuple(11, "'gateway' of the secondary gateway of device 'pi-1' is 'ftp://gw', not http://HOST[:PORT] or "
                        + "https://HOST[:PORT]"),
                tuple(11, "'mqtt' of the secondary gateway of device 'pi-1' is 'ssl://gw', not ssl://HOST:PORT or "
                        + "tcp://HOST:PORT or ws://HOST:PORT or wss://HOST:PORT"),
                tuple(12, "device 'pi-2' reports over CoAP, and the edge agent's secondary path is MQTT only"));
    }
}
