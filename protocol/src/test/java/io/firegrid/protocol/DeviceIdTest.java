package io.firegrid.protocol;

import static io.firegrid.protocol.FireGridException.Status.BAD_REQUEST;
import static io.firegrid.protocol.Refusal.refusalOf;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DeviceIdTest {

    @Test
    void parsesDeviceBeforeTheAtAndTenantAfterIt() {
        // GIVEN the MQTT username of device pi-0042 of tenant t1
        String username = "pi-0042@t1";

        // WHEN
        DeviceId id = DeviceId.parse(username);

        // THEN
        assertThat(id.device()).isEqualTo("pi-0042");
        assertThat(id.tenant()).isEqualTo("t1");
        assertThat(id).isEqualTo(new DeviceId("t1", "pi-0042"));
    }

    @Test
    void acceptsEveryCharacterOfTheIdAlphabet() {
        DeviceId id = DeviceId.parse("Pi_4.b:rev-2@Tenant_9.cn:east-1");

        assertThat(id.device()).isEqualTo("Pi_4.b:rev-2");
        assertThat(id.tenant()).isEqualTo("Tenant_9.cn:east-1");
    }

    @Test
    void givesBackTheUsernameItWasParsedFrom() {
        DeviceId id = DeviceId.parse("smoke-box-7@community-12");

        assertThat(id.authId()).isEqualTo("smoke-box-7@community-12");
        assertThat(id).hasToString("smoke-box-7@community-12");
    }

    @Test
    void acceptsIdsOfSixtyFourCharacters() {
        String device = "d".repeat(64);
        String tenant = "t".repeat(64);

        DeviceId id = DeviceId.parse(device + "@" + tenant);

        assertThat(id).isEqualTo(new DeviceId(tenant, device));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"pi-0042", "@t1", "pi-0042@", "@"})
    void refusesUsernameWithoutDeviceAndTenantAroundAnAt(String username) {
        refusalOf(() -> DeviceId.parse(username))
                .is(BAD_REQUEST, "bad-auth-id")
                .mentions("{device}@{tenant}");
    }

    @Test
    void namesTheRefusedUsername() {
        refusalOf(() -> DeviceId.parse("pi-0042@"))
                .is(BAD_REQUEST, "bad-auth-id")
                .mentions("'pi-0042@'");
    }

    @Test
    void splitsAtTheLastAt() {
        // GIVEN a username with two @: split at the last one, the device part is "a@b"
        String username = "a@b@t1";

        // WHEN
        Refusal refusal = refusalOf(() -> DeviceId.parse(username));

        // THEN it is refused for its device part, not for a tenant "b@t1"
        refusal.mentions("device", "'a@b'").doesNotMention("b@t1");
        assertThat(refusal.exception().status()).isEqualTo(BAD_REQUEST);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pi 1@t1", "pi/1@t1", "pi#@t1", "pi+@t1", "π@t1"})
    void refusesUsernameWhoseDevicePartIsNoValidId(String username) {
        FireGridException e = refusalOf(() -> DeviceId.parse(username))
                .mentions("device", username.substring(0, username.lastIndexOf('@')))
                .exception();

        assertThat(e.status()).isEqualTo(BAD_REQUEST);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pi@t 1", "pi@t/1", "pi@t#", "pi@租户"})
    void refusesUsernameWhoseTenantPartIsNoValidId(String username) {
        FireGridException e = refusalOf(() -> DeviceId.parse(username))
                .mentions("tenant", username.substring(username.lastIndexOf('@') + 1))
                .exception();

        assertThat(e.status()).isEqualTo(BAD_REQUEST);
    }

    @Test
    void refusesDeviceIdOfSixtyFiveCharacters() {
        String device = "d".repeat(65);

        refusalOf(() -> new DeviceId("t1", device))
                .is(BAD_REQUEST, "bad-id")
                .mentions("device", "1 to 64");
    }

    @Test
    void shortensHugeIdsInTheReason() {
        String device = "d".repeat(10_000);

        FireGridException e = refusalOf(() -> new DeviceId("t1", device)).is(BAD_REQUEST, "bad-id").exception();

        assertThat(e.reason()).hasSizeLessThan(300).contains("...");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "smoke-1", "A.b_c:d-e", "0"})
    void validIdsUseOneToSixtyFourCharactersOfTheIdAlphabet(String id) {
        assertThat(DeviceId.isValidId(id)).isTrue();
        assertThat(DeviceId.isValidId(id + "x".repeat(64 - id.length()))).isTrue();
        assertThat(DeviceId.isValidId(id + "x".repeat(65 - id.length()))).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "a b", "a/b", "a@b", "a+b", "a#b", "火", "a\nb", "a\u0000b"})
    void invalidIdsAreThoseOutsideTheIdAlphabet(String id) {
        assertThat(DeviceId.isValidId(id)).isFalse();
    }
}
