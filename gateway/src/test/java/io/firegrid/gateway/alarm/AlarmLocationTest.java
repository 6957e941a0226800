package io.firegrid.gateway.alarm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.firegrid.gateway.device.Location;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.Event;
import io.firegrid.protocol.Kind;
import io.firegrid.protocol.State;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The location an alarm leads with: its line in Chinese and English, basements as B1, the JSON form
 * and its round trip through the store, and a fire confirmed by two detectors naming both places.
 */
class AlarmLocationTest {

    static final Instant RAISED = Instant.parse("2026-11-28T12:00:00Z");
    static final DeviceId PI = new DeviceId("t1", "pi-b1");

    static AlarmLocation at(String sensor, String kind, Location l) {
        return new AlarmLocation("demo-site", "Demo Residence", "88 Jinqiao Rd, Pudong", 31.2304, 121.4737,
                new AlarmLocation.Spot(PI.device(), sensor, kind, l), List.of());
    }

    @Test
    void locationTextSaysBuildingUnitFloorLabelAndWhatInBothLanguages() {
        AlarmLocation l = at("smoke-1", "smoke", new Location("7", 2, 3, "east corridor"));

        assertThat(LocationText.en(l)).isEqualTo("Demo Residence, Bldg 7, Unit 2, Floor 3, east corridor, smoke detector");
        assertThat(LocationText.zh(new AlarmLocation(null, "示范小区", null, null, null,
                new AlarmLocation.Spot("pi-b1", "smoke-1", "smoke", new Location("7", 2, 3, "东侧走廊")), List.of())))
                .isEqualTo("示范小区 7栋 2单元 3层 东侧走廊 烟感");
    }

    @Test
    void basementFloorReadsB1() {
        AlarmLocation l = at("hydrant-1", "pressure", new Location("7", null, -1, "pump room"));

        assertThat(LocationText.en(l)).isEqualTo("Demo Residence, Bldg 7, Floor B1, pump room, hydrant pressure");
        assertThat(LocationText.zh(l)).isEqualTo("Demo Residence 7栋 B1层 pump room 消火栓压力");
    }

    @Test
    void partsNotKnownAreLeftOutAndANamedBuildingKeepsItsName() {
        AlarmLocation l = at("call-1", "call-point", new Location("A座", null, null, null));

        assertThat(LocationText.zh(l)).isEqualTo("Demo Residence A座 手动报警按钮");
        assertThat(LocationText.en(l)).isEqualTo("Demo Residence, Bldg A座, manual call point");
    }

    @Test
    void alarmJsonLeadsWithTheLocationAndKeepsItThroughTheStore() {
        Alarm a = new Alarm(7, PI, "smoke-1", "demo-site", "B", AlarmClass.FIRE, "smoke", AlarmState.RAISED, false,
                false, RAISED, null, 3, "mqtt", List.of(new Step(AlarmState.RAISED, RAISED, "pi-b1@t1")), null,
                at("smoke-1", "smoke", new Location("7", 2, -2, "garage ramp")));

        JsonNode json = AlarmJson.toNode(a);

        assertThat(json.fieldNames().next()).isEqualTo("id");
        List<String> order = iterate(json);
        assertThat(order.indexOf("locationText")).isLessThan(order.indexOf("device"));
        assertThat(json.at("/locationText/en").asText())
                .isEqualTo("Demo Residence, Bldg 7, Unit 2, Floor B2, garage ramp, smoke detector");
        assertThat(json.at("/location/floor").asInt()).isEqualTo(-2);
        assertThat(json.at("/location/floorText").asText()).isEqualTo("B2");
        assertThat(json.at("/location/address").asText()).isEqualTo("88 Jinqiao Rd, Pudong");
        assertThat(json.at("/location/lat").asDouble()).isEqualTo(31.2304);
        assertThat(AlarmJson.fromJson(AlarmJson.toJson(a))).isEqualTo(a);
    }

    @Test
    void alarmWithoutALocationHasNullsAndOlderRecordsReadWithout() {
        Alarm a = new Alarm(8, PI, "device", null, null, AlarmClass.TROUBLE, "offline", AlarmState.RAISED, false,
                false, RAISED, null, 0, null, List.of(new Step(AlarmState.RAISED, RAISED, "gateway")), null);

        JsonNode json = AlarmJson.toNode(a);

        assertThat(json.get("location").isNull()).isTrue();
        assertThat(json.get("locationText").isNull()).isTrue();
        assertThat(AlarmJson.fromJson(json.toString()).location()).isNull();
    }

    @Test
    void twoDetectorsConfirmingShowBothLocations() {
        Map<String, Location> places = Map.of("smoke-1", new Location("7", 2, 3, "east corridor"),
                "smoke-2", new Location("7", 2, 3, "lift lobby"));
        AlarmEngine engine = new AlarmEngine(AlarmRules.DEFAULTS, AlarmPorts.NONE.withWhere((device, sensor) ->
                at(sensor, "smoke", places.get(sensor))));
        AlarmEngine.Origin origin = new AlarmEngine.Origin(PI, "demo-site", "B", "mqtt", RAISED);

        Alarm first = engine.onEvent(origin, new Event(RAISED, 1, "smoke-1", Kind.SMOKE, State.ALARM)).get(0);
        List<Alarm> second = engine.onEvent(origin, new Event(RAISED, 2, "smoke-2", Kind.SMOKE, State.ALARM));

        assertThat(LocationText.en(first.location()))
                .isEqualTo("Demo Residence, Bldg 7, Unit 2, Floor 3, east corridor, smoke detector");
        Alarm raised = second.get(0);
        Alarm confirmed = second.get(1);
        assertThat(raised.confirmed()).isTrue();
        assertThat(LocationText.en(raised.location())).isEqualTo("Demo Residence, Bldg 7, Unit 2, Floor 3, lift lobby, "
                + "smoke detector; confirmed by Bldg 7, Unit 2, Floor 3, east corridor, smoke detector");
        assertThat(confirmed.id()).isEqualTo(first.id());
        assertThat(LocationText.zh(confirmed.location()))
                .isEqualTo("Demo Residence 7栋 2单元 3层 east corridor 烟感；确认：7栋 2单元 3层 lift lobby 烟感");
        assertThat(AlarmJson.toNode(confirmed).at("/location/also/0/label").asText()).isEqualTo("lift lobby");
    }

    @Test
    void aLocationLookupThatFailsRaisesTheAlarmWithoutOne() {
        AlarmEngine engine = new AlarmEngine(AlarmRules.DEFAULTS, AlarmPorts.NONE.withWhere((device, sensor) -> {
            throw new IllegalStateException("places unavailable");
        }));

        List<Alarm> raised = engine.onEvent(new AlarmEngine.Origin(PI, "demo-site", "B", "mqtt", RAISED),
                new Event(RAISED, 1, "smoke-1", Kind.SMOKE, State.ALARM));

        assertThat(raised).hasSize(1);
        assertThat(raised.get(0).location()).isNull();
    }

    private static List<String> iterate(JsonNode json) {
        List<String> names = new java.util.ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
