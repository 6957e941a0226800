package io.firegrid.config.siteca;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Host names against certificate names, as Java's TLS client (the agent's, the CLI's) checks them. */
class ServerNamesTest {

    @Test
    void namesMatchIgnoringCaseAndAWildcardCoversOneLabel() {
        assertThat(ServerNames.matches("gw.jinqiao.local", "GW.Jinqiao.local")).isTrue();
        assertThat(ServerNames.matches("*.jinqiao.local", "gw.jinqiao.local")).isTrue();
        assertThat(ServerNames.matches("*.jinqiao.local", "a.gw.jinqiao.local")).isFalse();
        assertThat(ServerNames.matches("gw", "gw.jinqiao.local")).isFalse();
    }

    @Test
    void addressesMatchAddressesOnlyWhateverTheirSpelling() {
        assertThat(ServerNames.matches("0:0:0:0:0:0:0:1", "[::1]")).isTrue();
        assertThat(ServerNames.matches("127.0.0.1", "127.0.0.1")).isTrue();
        assertThat(ServerNames.matches("127.0.0.1", "localhost")).as("no name is looked up").isFalse();
        assertThat(ServerNames.matches("localhost", "127.0.0.1")).isFalse();
        assertThat(ServerNames.matches("192.168.1.10", "192.168.1.100")).isFalse();
    }
}
