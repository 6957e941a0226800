package io.firegrid.gateway.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CallStatusTest {

    @Test
    void readsAlibabaCloudResultCodesAsDocumented() {
        assertThat(CallStatus.fromAliyun("200000")).contains(CallStatus.ANSWERED);
        assertThat(CallStatus.fromAliyun("200001")).contains(CallStatus.ANSWERED);
        assertThat(CallStatus.fromAliyun("200002")).contains(CallStatus.BUSY);
        assertThat(CallStatus.fromAliyun("200003")).contains(CallStatus.NO_ANSWER);
        assertThat(CallStatus.fromAliyun("200005")).contains(CallStatus.NO_ANSWER);
        assertThat(CallStatus.fromAliyun("200010")).contains(CallStatus.NO_ANSWER);
        assertThat(CallStatus.fromAliyun("200004")).contains(CallStatus.FAILED);
        assertThat(CallStatus.fromAliyun("999999")).contains(CallStatus.FAILED);
        assertThat(CallStatus.fromAliyun("")).isEqualTo(Optional.empty());
        assertThat(CallStatus.fromAliyun(null)).isEmpty();
        // intermediate states of a pushed VoiceReport wait for the result
        assertThat(CallStatus.fromAliyun("200101")).isEmpty();
        assertThat(CallStatus.fromAliyun("200201")).isEmpty();
        assertThat(CallStatus.fromAliyun("200100")).isEmpty();
        assertThat(CallStatus.fromAliyun("200102")).contains(CallStatus.ANSWERED);
    }

    @Test
    void readsTencentCloudResultsAsDocumented() {
        assertThat(CallStatus.fromTencent("0")).isEqualTo(CallStatus.ANSWERED);
        assertThat(CallStatus.fromTencent("1")).isEqualTo(CallStatus.NO_ANSWER);
        assertThat(CallStatus.fromTencent("2")).isEqualTo(CallStatus.FAILED);
        assertThat(CallStatus.NO_ANSWER.wireName()).isEqualTo("no-answer");
    }

    @Test
    void tencentCallsNeedTheVoiceApplicationAndNameTheSettings() {
        assertThatThrownBy(() -> VoiceOptions.fromEnv(Map.of("FIREGRID_VOICE_PROVIDER", "tencent",
                "FIREGRID_VOICE_ACCESS_KEY_ID", "id", "FIREGRID_VOICE_ACCESS_KEY_SECRET", "key", "FIREGRID_VOICE_TTS_CODE", "4356")))
                .hasMessageContaining("FIREGRID_VOICE_APP_ID");
        assertThatThrownBy(() -> VoiceOptions.fromEnv(Map.of("FIREGRID_VOICE_PROVIDER", "huawei")))
                .hasMessageContaining("FIREGRID_VOICE_PROVIDER").hasMessageContaining("aliyun or tencent");
        VoiceOptions t = VoiceOptions.fromEnv(Map.of("FIREGRID_VOICE_PROVIDER", "tencent", "FIREGRID_VOICE_ACCESS_KEY_ID", "id",
                "FIREGRID_VOICE_ACCESS_KEY_SECRET", "key", "FIREGRID_VOICE_TTS_CODE", "4356", "FIREGRID_VOICE_APP_ID", "1400006666"));
        assertThat(t.endpoint()).isEqualTo(VoiceOptions.TENCENT_URL);
        assertThat(t.toString()).doesNotContain("key,").contains("accessKeySecret=***");
        assertThat(VoiceOptions.fromEnv(Map.of()).endpoint()).isEqualTo(VoiceOptions.ALIYUN_URL);
    }
}
