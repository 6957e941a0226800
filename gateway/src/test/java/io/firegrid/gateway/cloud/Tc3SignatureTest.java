package io.firegrid.gateway.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Known answers from Tencent Cloud's "Signature v3" page: the worked example (CVM
 * {@code DescribeInstances} in ap-guangzhou, SecretKey {@code Gu5t9xGARNpq86cd98joQYCN3EXAMPLE},
 * timestamp 1551113065) with each intermediate value the page prints.
 */
class Tc3SignatureTest {

    static final String PAYLOAD = "{\"Limit\": 1, \"Filters\": [{\"Values\": [\"\\u672a\\u547d\\u540d\"], \"Name\": \"instance-name\"}]}";
    static final String CT = "application/json; charset=utf-8";
    static final String HOST = "cvm.tencentcloudapi.com";

    @Test
    void hashesThePayloadAndTheCanonicalRequestAsDocumented() {
        assertThat(Tc3Signature.sha256Hex(PAYLOAD)).isEqualTo("35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064");
        assertThat(Tc3Signature.canonicalRequest(HOST, CT, PAYLOAD)).isEqualTo("POST\n/\n\ncontent-type:application/json; charset=utf-8\n"
                + "host:cvm.tencentcloudapi.com\n\ncontent-type;host\n35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064");
        assertThat(Tc3Signature.stringToSign("cvm", HOST, CT, 1551113065, PAYLOAD)).isEqualTo("TC3-HMAC-SHA256\n1551113065\n"
                + "2019-02-25/cvm/tc3_request\n5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031");
    }

    @Test
    void signsTheDocumentedExampleToTheDocumentedSignature() {
        assertThat(Tc3Signature.authorization("AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", "cvm",
                HOST, CT, 1551113065, PAYLOAD)).isEqualTo("TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/"
                + "2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, "
                + "Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168");
    }

    @Test
    void datesTheScopeInUtcNotLocalTime() {
        // 2019-02-26 00:44:25 in Beijing is still the 25th in UTC
        assertThat(Tc3Signature.date(1551113065)).isEqualTo("2019-02-25");
    }

    @Test
    void anotherKeyOrBodySignsDifferently() {
        String good = Tc3Signature.signature("Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", "cvm", HOST, CT, 1551113065, PAYLOAD);
        assertThat(Tc3Signature.signature("another", "cvm", HOST, CT, 1551113065, PAYLOAD)).isNotEqualTo(good);
        assertThat(Tc3Signature.signature("Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", "cvm", HOST, CT, 1551113065, PAYLOAD + " "))
                .isNotEqualTo(good);
    }
}
