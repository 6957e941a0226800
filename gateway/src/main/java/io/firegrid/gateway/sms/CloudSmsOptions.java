package io.firegrid.gateway.sms;

import io.firegrid.protocol.settings.Setting;
import java.util.Locale;
import java.util.Map;

/**
 * SMS through a cloud SMS service instead of a Kannel smsbox, for stations without a modem
 * (docs/sms.md, "Cloud SMS"): Alibaba Cloud {@code SendSms} or Tencent Cloud {@code SendSms}. Both
 * send only approved templates under an approved signature; the gateway fills one variable with
 * the message text. Off ({@code kannel}) by default.
 *
 * @param provider        {@code kannel} (SMS through {@code FIREGRID_SMS_URL}), {@code aliyun} or {@code tencent}
 * @param url             the API endpoint, or {@code null} for the provider's; tests point it at a local server
 * @param accessKeyId     AccessKey ID (Alibaba Cloud) or SecretId (Tencent Cloud)
 * @param accessKeySecret its secret
 * @param signName        the approved SMS signature ({@code SignName}), e.g. {@code 示范小区消防}
 * @param template        the approved template ({@code TemplateCode} / {@code TemplateId}) with one variable:
 *                        {@code ${text}} (Alibaba Cloud) or {@code {1}} (Tencent Cloud)
 * @param appId           Tencent Cloud: the SMS application's {@code SmsSdkAppId}
 */
public record CloudSmsOptions(Provider provider, String url, String accessKeyId, String accessKeySecret, String signName,
                              String template, String appId) {

    /** Who carries the SMS. */
    public enum Provider { KANNEL, ALIYUN, TENCENT }

    public static final String ALIYUN_URL = "https://dysmsapi.aliyuncs.com/";
    public static final String TENCENT_URL = "https://sms.tencentcloudapi.com/";

    public static final Setting<Provider> PROVIDER = Setting.oneOf("FIREGRID_SMS_PROVIDER", Provider.class, Provider.KANNEL,
            Map.of(), "who sends SMS: kannel (a smsbox, FIREGRID_SMS_URL), aliyun or tencent (cloud SMS)");
    public static final Setting<String> URL = Setting.string("FIREGRID_SMS_CLOUD_URL", null, "the provider's",
            "cloud SMS API endpoint (https://dysmsapi.aliyuncs.com/ or https://sms.tencentcloudapi.com/)");
    public static final Setting<String> ACCESS_KEY_ID = Setting.string("FIREGRID_SMS_ACCESS_KEY_ID", null, "none",
            "cloud SMS AccessKey ID (Alibaba Cloud) or SecretId (Tencent Cloud)");
    public static final Setting<String> ACCESS_KEY_SECRET = Setting.string("FIREGRID_SMS_ACCESS_KEY_SECRET", null, "none",
            "its AccessKey secret or SecretKey");
    public static final Setting<String> SIGN_NAME = Setting.string("FIREGRID_SMS_SIGN_NAME", null, "none",
            "approved SMS signature (SignName)");
    public static final Setting<String> TEMPLATE = Setting.string("FIREGRID_SMS_TEMPLATE", null, "none",
            "approved SMS template (TemplateCode or TemplateId) with one variable for the text");
    public static final Setting<String> APP_ID = Setting.string("FIREGRID_SMS_APP_ID", null, "none",
            "Tencent Cloud SmsSdkAppId (required with the tencent provider)");

    public static final CloudSmsOptions OFF = new CloudSmsOptions(Provider.KANNEL, null, null, null, null, null, null);

    public CloudSmsOptions {
        java.util.Objects.requireNonNull(provider, "provider");
        if (provider != Provider.KANNEL && (accessKeyId == null || accessKeySecret == null || signName == null
                || template == null)) {
            throw new IllegalArgumentException(PROVIDER.name() + " is " + name(provider) + ": set " + ACCESS_KEY_ID.name() + ", "
                    + ACCESS_KEY_SECRET.name() + ", " + SIGN_NAME.name() + " and " + TEMPLATE.name());
        }
        if (provider == Provider.TENCENT && appId == null) {
            throw new IllegalArgumentException(PROVIDER.name() + " is tencent: set " + APP_ID.name() + " to the SmsSdkAppId");
        }
    }

    public static CloudSmsOptions fromEnv(Map<String, String> env) {
        return new CloudSmsOptions(PROVIDER.read(env), URL.read(env), ACCESS_KEY_ID.read(env), ACCESS_KEY_SECRET.read(env),
                SIGN_NAME.read(env), TEMPLATE.read(env), APP_ID.read(env));
    }

    /** Whether a cloud service sends the SMS. */
    public boolean enabled() {
        return provider != Provider.KANNEL;
    }

    public String endpoint() {
        return url != null ? url : provider == Provider.TENCENT ? TENCENT_URL : ALIYUN_URL;
    }

    static String name(Provider p) {
        return p.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "CloudSmsOptions[provider=" + name(provider) + ", url=" + (enabled() ? endpoint() : null) + ", accessKeyId="
                + accessKeyId + ", accessKeySecret=" + (accessKeySecret == null ? "none" : "***") + ", signName=" + signName
                + ", template=" + template + ", appId=" + appId + "]";
    }
}
