package io.firegrid.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code FIREGRID_WEBHOOK_ALLOW_CIDRS} and the kinds of address a webhook may not reach by default. */
class WebhookTargetsTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', textBlock = """
            127.0.0.1        | a loopback address
            127.200.1.1      | a loopback address
            ::1              | a loopback address
            169.254.169.254  | a link-local address
            fe80::1          | a link-local address
            10.1.2.3         | a private address
            172.16.0.1       | a private address
            172.31.255.255   | a private address
            192.168.0.1      | a private address
            fc00::1          | a private address
            fd12:3456::1     | a private address
            0.0.0.0          | an unspecified address
            0.1.2.3          | an unspecified address
            ::               | an unspecified address
            224.0.0.1        | a multicast address
            ff02::1          | a multicast address
            255.255.255.255  | the broadcast address
            ::ffff:127.0.0.1 | a loopback address
            """)
    void insideAddressesAreNamed(String address, String kind) throws Exception {
        assertThat(TargetGuard.kind(InetAddress.getByName(address))).startsWith(kind);
    }

    @ParameterizedTest
    @CsvSource({"8.8.8.8", "172.32.0.1", "100.64.0.1", "2001:db8::1", "203.0.113.9"})
    void publicAddressesPass(String address) throws Exception {
        assertThat(TargetGuard.kind(InetAddress.getByName(address))).isNull();
    }

    @Test
    void rangesComeFromTheEnvironment() throws Exception {
        WebhookTargets t = WebhookTargets.fromEnv(Map.of("FIREGRID_WEBHOOK_ALLOW_CIDRS", " 192.168.10.0/24, fd00:1::/64,10.0.0.7"));
        assertThat(t.allow()).hasSize(3);
        assertThat(t.allow().get(0).contains(InetAddress.getByName("192.168.10.200"))).isTrue();
        assertThat(t.allow().get(0).contains(InetAddress.getByName("192.168.11.1"))).isFalse();
        assertThat(t.allow().get(1).contains(InetAddress.getByName("fd00:1::99"))).isTrue();
        assertThat(t.allow().get(1).contains(InetAddress.getByName("fd00:2::1"))).isFalse();
        assertThat(t.allow().get(2).contains(InetAddress.getByName("10.0.0.7"))).isTrue();
        assertThat(t.allow().get(2).contains(InetAddress.getByName("10.0.0.8"))).isFalse();
        assertThat(t.allow().get(0).contains(InetAddress.getByName("::1"))).as("another family").isFalse();
        assertThat(WebhookTargets.fromEnv(Map.of()).allow()).isEmpty();
    }

    @Test
    void aBadRangeIsRefusedNamingIt() {
        assertThatThrownBy(() -> WebhookTargets.fromEnv(Map.of("FIREGRID_WEBHOOK_ALLOW_CIDRS", "10.0.0.0/8,intranet")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FIREGRID_WEBHOOK_ALLOW_CIDRS")
                .hasMessageContaining("'intranet'");
        assertThatThrownBy(() -> WebhookTargets.allowing("10.0.0.0/33")).hasMessageContaining("from 0 to 32");
    }
}
