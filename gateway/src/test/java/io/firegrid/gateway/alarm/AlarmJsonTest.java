package io.firegrid.gateway.alarm;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.protocol.DeviceId;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stored and sent form of an alarm, including records written before drill mode existed. */
class AlarmJsonTest {

    static final Instant RAISED = Instant.parse("2026-11-28T12:00:00Z");

    @Test
    void drillMarkSurvivesTheRoundTrip() {
        Alarm drill = new Alarm(7, new DeviceId("t1", "pi-1"), "smoke-1", "bldg-7", "A", AlarmClass.FIRE, "smoke",
                AlarmState.RAISED, false, true, RAISED, null, 3, "mqtt",
                List.of(new Step(AlarmState.RAISED, RAISED, "pi-1@t1")), null);

        assertThat(AlarmJson.toNode(drill).get("drill").asBoolean()).isTrue();
        assertThat(AlarmJson.fromJson(AlarmJson.toJson(drill))).isEqualTo(drill);
    }

    @Test
    void recordStoredBeforeDrillModeReadsAsReal() {
        String older = """
                {"id":3,"tenant":"t1","device":"pi-1","sensor":"smoke-1","site":"bldg-7","zone":"A","class":"fire",
                 "type":"smoke","state":"raised","open":true,"confirmed":false,"raisedAt":"2026-11-28T12:00:00Z",
                 "deviceTs":null,"seq":1,"protocol":"mqtt","steps":[{"state":"raised","at":"2026-11-28T12:00:00Z",
                 "by":"pi-1@t1"}],"cause":null,"ackSeconds":null,"onSceneSeconds":null}""";

        Alarm a = AlarmJson.fromJson(older);

        assertThat(a.drill()).isFalse();
        assertThat(a.id()).isEqualTo(3);
    }
}
