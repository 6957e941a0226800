package io.firegrid.gateway.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AliyunSignatureTest {

    /** The worked example of Alibaba Cloud's "Signature mechanism" page (RPC, signature version 1.0). */
    @Test
    void signsTheDocumentedExampleToTheDocumentedSignature() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("Version", "2014-05-26");
        p.put("Timestamp", "2016-02-23T12:46:24Z");
        p.put("SignatureVersion", "1.0");
        p.put("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf");
        p.put("SignatureMethod", "HMAC-SHA1");
        p.put("Format", "XML");
        p.put("Action", "DescribeRegions");
        p.put("AccessKeyId", "testid");

        assertThat(AliyunSignature.stringToSign("GET", p)).isEqualTo("GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions"
                + "%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"
                + "%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26");
        assertThat(AliyunSignature.sign("GET", p, "testsecret")).isEqualTo("OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
    }

    @Test
    void encodesAsRfc3986NotAsHtmlForms() {
        assertThat(AliyunSignature.encode("a b*c~d")).isEqualTo("a%20b%2Ac~d");
        assertThat(AliyunSignature.encode("{\"kind\":\"火警\"}")).isEqualTo("%7B%22kind%22%3A%22%E7%81%AB%E8%AD%A6%22%7D");
    }

    @Test
    void aChangedParameterChangesTheSignature() {
        Map<String, String> p = new LinkedHashMap<>(Map.of("Action", "SingleCallByTts", "CalledNumber", "13800000001"));
        String before = AliyunSignature.sign("GET", p, "s");
        p.put("CalledNumber", "13800000002");
        assertThat(AliyunSignature.sign("GET", p, "s")).isNotEqualTo(before);
    }
}
