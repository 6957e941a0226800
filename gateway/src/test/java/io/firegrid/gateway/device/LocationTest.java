package io.firegrid.gateway.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.Kind;
import io.firegrid.protocol.place.Floor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Floors as people write them, the limits of a location, and a sensor's location completed by its device's. */
class LocationTest {

    @Test
    void basementsAreWrittenB1OrMinusOneAndShownAsB1() {
        assertThat(Floor.parse("B1")).contains(-1);
        assertThat(Floor.parse("b2")).contains(-2);
        assertThat(Floor.parse("-1")).contains(-1);
        assertThat(Floor.parse("3")).contains(3);
        assertThat(Floor.text(-1)).isEqualTo("B1");
        assertThat(new Location(null, null, -3, null).floorText()).isEqualTo("B3");
    }

    @Test
    void floorZeroFractionsAndWordsAreNotFloors() {
        assertThat(Floor.parse("0")).isEmpty();
        assertThat(Floor.parse("3.5")).isEmpty();
        assertThat(Floor.parse("third")).isEmpty();
        assertThat(Floor.parse("B11")).isEmpty();
        assertThat(Floor.parse("301")).isEmpty();
    }

    @Test
    void refusesUnitsAndLabelsOutOfBounds() {
        assertThatThrownBy(() -> new Location("7", 0, 3, null)).isInstanceOf(FireGridException.class)
                .hasMessageContaining("unit 0 must be a whole number from 1 to 99");
        assertThatThrownBy(() -> new Location("7", 1, 3, "two\nlines")).hasMessageContaining("on one line");
        assertThatThrownBy(() -> new Location(null, null, 0, null)).hasMessageContaining("there is no floor 0");
    }

    @Test
    void sensorLocationIsCompletedByItsDevice() {
        Device d = new Device(new io.firegrid.protocol.DeviceId("t1", "pi-1"), "s1",
                List.of(new Sensor("smoke-1", Kind.SMOKE, "A", SensorLimits.NONE, new Location(null, null, 4, "stairwell")),
                        new Sensor("smoke-2", Kind.SMOKE, "A")),
                java.time.Instant.EPOCH, null, new Location("7", 2, 3, "east corridor"));

        assertThat(d.locationOf("smoke-1")).isEqualTo(new Location("7", 2, 4, "stairwell"));
        assertThat(d.locationOf("smoke-2")).isEqualTo(new Location("7", 2, 3, "east corridor"));
        assertThat(d.locationOf("device")).isEqualTo(d.location());
    }
}
