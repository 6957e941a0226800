package io.firegrid.agent.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.agent.uplink.CredentialStore.Credentials;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The body of {@code rotate-credentials}, as both uplinks read it. */
class RotationCommandBodyTest {

    private static Optional<Credentials> read(String body) {
        return Credentials.fromCommand(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aPasswordAloneOrWithAPskAndItsIdentityIsTaken() {
        assertThat(read("{\"password\":\"0123456789abcdef\"}")).contains(new Credentials("0123456789abcdef", null, null));
        assertThat(read("{\"password\":\"0123456789abcdef\",\"psk\":\"k2\",\"pskIdentity\":\"pi-1@t1~2\"}"))
                .contains(new Credentials("0123456789abcdef", "k2", "pi-1@t1~2"));
    }

    @Test
    void aShortOrMissingPasswordAnEmptyPskOrNoJsonIsRefused() {
        assertThat(read("{\"password\":\"short\"}")).isEmpty();
        assertThat(read("{\"psk\":\"k2\"}")).isEmpty();
        assertThat(read("{\"password\":\"0123456789abcdef\",\"psk\":\"\"}")).isEmpty();
        assertThat(read("not json")).isEmpty();
        assertThat(read("")).isEmpty();
    }
}
