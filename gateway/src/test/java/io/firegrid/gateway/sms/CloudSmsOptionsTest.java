package io.firegrid.gateway.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudSmsOptionsTest {

    @Test
    void kannelStaysTheDefaultAndSmsStaysOffWithoutASmsbox() {
        SmsOptions o = SmsOptions.fromEnv(Map.of());
        assertThat(o.cloud().provider()).isEqualTo(CloudSmsOptions.Provider.KANNEL);
        assertThat(o.enabled()).isFalse();
    }

    @Test
    void aCloudProviderSwitchesSmsOnWithoutASmsbox() {
        SmsOptions o = SmsOptions.fromEnv(Map.of("FIREGRID_SMS_PROVIDER", "aliyun", "FIREGRID_SMS_ACCESS_KEY_ID", "id",
                "FIREGRID_SMS_ACCESS_KEY_SECRET", "secret", "FIREGRID_SMS_SIGN_NAME", "示范小区消防", "FIREGRID_SMS_TEMPLATE", "SMS_1"));
        assertThat(o.enabled()).isTrue();
        assertThat(o.cloud().endpoint()).isEqualTo(CloudSmsOptions.ALIYUN_URL);
        assertThat(o.toString()).contains("accessKeySecret=***").doesNotContain("secret,");
    }

    @Test
    void anIncompleteCloudAccountNamesWhatIsMissing() {
        assertThatThrownBy(() -> CloudSmsOptions.fromEnv(Map.of("FIREGRID_SMS_PROVIDER", "aliyun", "FIREGRID_SMS_ACCESS_KEY_ID", "id")))
                .hasMessageContaining("FIREGRID_SMS_SIGN_NAME").hasMessageContaining("FIREGRID_SMS_TEMPLATE");
        assertThatThrownBy(() -> CloudSmsOptions.fromEnv(Map.of("FIREGRID_SMS_PROVIDER", "tencent", "FIREGRID_SMS_ACCESS_KEY_ID", "id",
                "FIREGRID_SMS_ACCESS_KEY_SECRET", "k", "FIREGRID_SMS_SIGN_NAME", "s", "FIREGRID_SMS_TEMPLATE", "1")))
                .hasMessageContaining("FIREGRID_SMS_APP_ID");
        assertThatThrownBy(() -> CloudSmsOptions.fromEnv(Map.of("FIREGRID_SMS_PROVIDER", "twilio")))
                .hasMessageContaining("kannel, aliyun or tencent");
    }

    @Test
    void theTemplateVariableIsTheMessageWithoutPrefixOrReplyHint() {
        assertThat(AliyunSms.templateText(SmsText.PREFIX + "火警 烟感 7号楼 12:05 #42 " + SmsText.REPLY_HINT + " http://gw/m/abc"))
                .isEqualTo("火警 烟感 7号楼 12:05 #42 http://gw/m/abc");
        assertThat(io.firegrid.gateway.cloud.AliyunRpc.number("+8613800000001")).isEqualTo("13800000001");
        assertThat(io.firegrid.gateway.cloud.AliyunRpc.number("+85261234567")).isEqualTo("85261234567");
    }
}
