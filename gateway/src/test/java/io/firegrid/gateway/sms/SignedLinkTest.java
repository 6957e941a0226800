package io.firegrid.gateway.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SignedLinkTest {

    private static final byte[] KEY = new byte[32];
    private static final Instant NOW = Instant.parse("2026-12-07T01:00:00Z");
    private final SignedLink links = new SignedLink(KEY);

    @Test
    void aSignedTokenOpensItsAlarmForItsPersonUntilItExpires() {
        String token = links.sign(42, "t1", "li.wei", NOW.plusSeconds(3600));
        SignedLink.Grant g = links.verify(token, NOW).orElseThrow();
        assertThat(g.alarm()).isEqualTo(42);
        assertThat(g.tenant()).isEqualTo("t1");
        assertThat(g.person()).isEqualTo("li.wei");
        assertThat(links.verify(token, NOW.plusSeconds(3600))).isEmpty();
    }

    @Test
    void tokensAreShortEnoughForAnSms() {
        assertThat(links.sign(42, "t1", "li", NOW.plusSeconds(86400))).hasSizeLessThan(40);
        assertThat(links.sign(123456, "tenant-1", "grid-worker-17", NOW.plusSeconds(86400))).hasSizeLessThan(70);
    }

    @Test
    void aChangedAlarmPersonOrExpiryDoesNotVerify() {
        String token = links.sign(42, "t1", "li", NOW.plusSeconds(3600));
        String payload = token.substring(0, token.indexOf('.'));
        String mac = token.substring(token.indexOf('.') + 1);
        String other = links.sign(43, "t1", "li", NOW.plusSeconds(3600));
        assertThat(links.verify(other.substring(0, other.indexOf('.')) + "." + mac, NOW)).isEmpty();
        assertThat(links.verify(payload + "." + mac.substring(1) + "A", NOW)).isEmpty();
        assertThat(links.verify("garbage", NOW)).isEmpty();
        assertThat(links.verify("", NOW)).isEmpty();
        assertThat(links.verify("!!.!!", NOW)).isEmpty();
    }

    @Test
    void anotherGatewaysKeyDoesNotVerify() {
        byte[] otherKey = Arrays.copyOf(KEY, 32);
        otherKey[0] = 1;
        String token = new SignedLink(otherKey).sign(42, "t1", "li", NOW.plusSeconds(3600));
        assertThat(links.verify(token, NOW)).isEmpty();
    }

    @Test
    void deliveryReportTagsBindTheirMessage() {
        String tag = links.tag("dlr:5");
        assertThat(links.checkTag("dlr:5", tag)).isTrue();
        assertThat(links.checkTag("dlr:6", tag)).isFalse();
        assertThat(links.checkTag("dlr:5", null)).isFalse();
    }
}
