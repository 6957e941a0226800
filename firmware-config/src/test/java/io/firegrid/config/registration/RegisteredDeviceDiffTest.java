package io.firegrid.config.registration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** What {@link DeviceDiff} calls a difference between the inventory's device body and the gateway's copy. */
class RegisteredDeviceDiffTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The gateway's answer shape: zone null when unset, thresholds and status fields besides. */
    private static final String GATEWAY = """
            {"tenant":"t1","id":"pi-1","site":"bldg-7","maxSilenceSeconds":null,"connected":false,"sensors":[
             {"id":"smoke-1","kind":"smoke","zone":null},
             {"id":"door-1","kind":"door","zone":"lobby","limits":{"doorHeldOpenSeconds":120},
              "thresholds":{"doorHeldOpenSeconds":120,"source":"sensor"}}]}""";

    @Test
    void theSameDeviceInTheGatewaysShapeHasNoDifference() throws Exception {
        JsonNode wanted = JSON.readTree("""
                {"tenant":"t1","id":"pi-1","password":"p","psk":"k","site":"bldg-7","sensors":[
                 {"id":"door-1","kind":"door","zone":"lobby","limits":{"doorHeldOpenSeconds":120.0}},
                 {"id":"smoke-1","kind":"smoke"}]}""");

        assertThat(DeviceDiff.differences(wanted, JSON.readTree(GATEWAY))).isEmpty();
    }

    @Test
    void namesEachDifferenceWithTheGatewaysValueFirst() throws Exception {
        JsonNode wanted = JSON.readTree("""
                {"tenant":"t1","id":"pi-1","site":"bldg-8","maxSilenceSeconds":600,"sensors":[
                 {"id":"door-1","kind":"smoke","zone":"stair-a"},
                 {"id":"door-2","kind":"door"},{"id":"door-3","kind":"door"}]}""");

        assertThat(DeviceDiff.differences(wanted, JSON.readTree(GATEWAY))).containsExactly(
                "site bldg-7 -> bldg-8",
                "maxSilenceSeconds none -> 600",
                "sensors door-2, door-3 added",
                "sensors smoke-1 removed",
                "sensor door-1 kind door -> smoke",
                "sensor door-1 zone lobby -> stair-a",
                "sensor door-1 doorHeldOpenSeconds 120 -> none");
    }
}
