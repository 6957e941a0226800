package io.firegrid.gateway.voice;

import io.firegrid.protocol.settings.Setting;
import java.util.Map;

/**
 * Voice calls through a cloud voice notification service (docs/sms.md): Alibaba Cloud
 * ({@code SingleCallByTts}, the default) or Tencent Cloud VMS ({@code SendTtsVoice}). Off unless
 * {@code FIREGRID_VOICE_ACCESS_KEY_ID} is set; a real account, a TTS template approved by the
 * provider and a display number (Alibaba Cloud) or voice application (Tencent Cloud) are needed
 * for calls to ring.
 *
 * @param provider        which service places the calls
 * @param url             the API endpoint, or {@code null} for the provider's; tests point it at a local server
 * @param accessKeyId     the AccessKey ID (Alibaba Cloud RAM user) or SecretId (Tencent Cloud CAM user), or {@code null} (off)
 * @param accessKeySecret its secret (AccessKey secret, SecretKey)
 * @param showNumber      Alibaba Cloud: the number the called phone shows ({@code CalledShowNumber}), or {@code null}
 * @param ttsCode         the approved TTS template ({@code TtsCode}, Tencent's {@code TemplateId}); variables
 *                        {@code ${kind}}, {@code ${place}}, {@code ${id}} (Tencent: {@code {1}}, {@code {2}}, {@code {3}})
 * @param playTimes       how often the message is read out in one call (1 to 3)
 * @param appId           Tencent Cloud: the voice application's {@code VoiceSdkAppid}
 * @param statusSecret    the secret the provider's status push carries ({@code /voice/status?secret=}), or
 *                        {@code null}: pushed statuses refused
 */
public record VoiceOptions(Provider provider, String url, String accessKeyId, String accessKeySecret, String showNumber,
                           String ttsCode, int playTimes, String appId, String statusSecret) {

    /** The voice services the gateway speaks. */
    public enum Provider { ALIYUN, TENCENT }

    public static final String ALIYUN_URL = "https://dyvmsapi.aliyuncs.com/";
    public static final String TENCENT_URL = "https://vms.tencentcloudapi.com/";
    /** Kept for code that names the Alibaba Cloud endpoint as the default. */
    public static final String DEFAULT_URL = ALIYUN_URL;
    public static final int DEFAULT_PLAY_TIMES = 2;

    public static final Setting<Provider> PROVIDER = Setting.oneOf("FIREGRID_VOICE_PROVIDER", Provider.class, Provider.ALIYUN,
            Map.of(), "voice service: aliyun (SingleCallByTts) or tencent (VMS SendTtsVoice)");
    public static final Setting<String> URL = Setting.string("FIREGRID_VOICE_URL", null, "the provider's",
            "voice API endpoint (https://dyvmsapi.aliyuncs.com/ or https://vms.tencentcloudapi.com/)");
    public static final Setting<String> ACCESS_KEY_ID = Setting.string("FIREGRID_VOICE_ACCESS_KEY_ID", null, "voice calls off",
            "AccessKey ID (Alibaba Cloud) or SecretId (Tencent Cloud) for voice calls");
    public static final Setting<String> ACCESS_KEY_SECRET = Setting.string("FIREGRID_VOICE_ACCESS_KEY_SECRET", null, "none",
            "its AccessKey secret or SecretKey");
    public static final Setting<String> SHOW_NUMBER = Setting.string("FIREGRID_VOICE_SHOW_NUMBER", null, "the provider's",
            "number the called phone shows (Alibaba Cloud CalledShowNumber)");
    public static final Setting<String> TTS_CODE = Setting.string("FIREGRID_VOICE_TTS_CODE", null, "none",
            "approved TTS template (TtsCode or Tencent TemplateId), variables kind, place, id");
    public static final Setting<Integer> PLAY_TIMES = Setting.integer("FIREGRID_VOICE_PLAY_TIMES", DEFAULT_PLAY_TIMES, 1, 3,
            "times the message is read out in one call");
    public static final Setting<String> APP_ID = Setting.string("FIREGRID_VOICE_APP_ID", null, "none",
            "Tencent Cloud VMS VoiceSdkAppid (required with the tencent provider)");
    public static final Setting<String> STATUS_SECRET = Setting.string("FIREGRID_VOICE_STATUS_SECRET", null,
            "pushed call statuses refused", "shared secret in the call status push URL (/voice/status?secret=...)");

    public static final VoiceOptions OFF = new VoiceOptions(Provider.ALIYUN, null, null, null, null, null, DEFAULT_PLAY_TIMES,
            null, null);

    public VoiceOptions {
        java.util.Objects.requireNonNull(provider, "provider");
        PLAY_TIMES.checkInt(playTimes);
        if (accessKeyId != null && (accessKeySecret == null || ttsCode == null)) {
            throw new IllegalArgumentException(ACCESS_KEY_ID.name() + " is set: set " + ACCESS_KEY_SECRET.name() + " and "
                    + TTS_CODE.name() + " too");
        }
        if (accessKeyId != null && provider == Provider.TENCENT && appId == null) {
            throw new IllegalArgumentException(PROVIDER.name() + " is tencent: set " + APP_ID.name()
                    + " to the VoiceSdkAppid of the voice application");
        }
    }

    /** Alibaba Cloud voice calls, as before providers could be chosen. */
    public VoiceOptions(String url, String accessKeyId, String accessKeySecret, String showNumber, String ttsCode, int playTimes) {
        this(Provider.ALIYUN, url, accessKeyId, accessKeySecret, showNumber, ttsCode, playTimes, null, null);
    }

    public static VoiceOptions fromEnv(Map<String, String> env) {
        return new VoiceOptions(PROVIDER.read(env), URL.read(env), ACCESS_KEY_ID.read(env), ACCESS_KEY_SECRET.read(env),
                SHOW_NUMBER.read(env), TTS_CODE.read(env), PLAY_TIMES.read(env), APP_ID.read(env), STATUS_SECRET.read(env));
    }

    /** Tencent Cloud VMS calls through {@code url} (null: the provider's) for voice application {@code sdkAppId}. */
    public static VoiceOptions tencent(String url, String secretId, String secretKey, String templateId, String sdkAppId) {
        return new VoiceOptions(Provider.TENCENT, url, secretId, secretKey, null, templateId, DEFAULT_PLAY_TIMES, sdkAppId, null);
    }

    public VoiceOptions withStatusSecret(String secret) {
        return new VoiceOptions(provider, url, accessKeyId, accessKeySecret, showNumber, ttsCode, playTimes, appId, secret);
    }

    public boolean enabled() {
        return accessKeyId != null;
    }

    /** The endpoint calls go to. */
    public String endpoint() {
        return url != null ? url : provider == Provider.TENCENT ? TENCENT_URL : ALIYUN_URL;
    }

    @Override
    public String toString() {
        return "VoiceOptions[provider=" + provider.name().toLowerCase(java.util.Locale.ROOT) + ", url=" + endpoint()
                + ", accessKeyId=" + accessKeyId + ", accessKeySecret=" + (accessKeySecret == null ? "none" : "***")
                + ", showNumber=" + showNumber + ", ttsCode=" + ttsCode + ", playTimes=" + playTimes + ", appId=" + appId
                + ", statusSecret=" + (statusSecret == null ? "none" : "***") + "]";
    }
}
