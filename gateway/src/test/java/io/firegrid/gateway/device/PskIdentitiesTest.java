package io.firegrid.gateway.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.FireGridException;
import org.junit.jupiter.api.Test;

/** The PSK identities of rotated keys: {@code {device}@{tenant}~{n}} names the device, anything else is refused. */
class PskIdentitiesTest {

    private static final DeviceId PI = new DeviceId("t1", "pi-0042");

    @Test
    void theFirstIdentityAndARotatedOneNameTheSameDevice() {
        assertThat(PskIdentities.deviceOf("pi-0042@t1")).isEqualTo(PI);
        assertThat(PskIdentities.deviceOf("pi-0042@t1~2")).isEqualTo(PI);
        assertThat(PskIdentities.deviceOf("pi-0042@t1~17")).isEqualTo(PI);
    }

    @Test
    void refusesAMalformedGeneration() {
        for (String bad : new String[] {"pi-0042@t1~", "pi-0042@t1~x", "pi-0042@t1~-1", "pi~2@t1", "~2", "pi-0042@t1~1234567890"}) {
            assertThatThrownBy(() -> PskIdentities.deviceOf(bad)).as(bad).isInstanceOfSatisfying(FireGridException.class,
                    e -> assertThat(e.code()).isEqualTo("bad-auth-id"));
        }
    }

    @Test
    void eachRotationWithGraceNumbersTheNextIdentity() {
        assertThat(PskIdentities.next(PI, "pi-0042@t1")).isEqualTo("pi-0042@t1~2");
        assertThat(PskIdentities.next(PI, "pi-0042@t1~2")).isEqualTo("pi-0042@t1~3");
    }
}
