package io.firegrid.gateway.voice;

import io.firegrid.protocol.settings.Setting;
import java.util.Map;

/**
 * Voice calls through Alibaba Cloud's voice notification ({@code SingleCallByTts}, docs/sms.md).
 * Off unless {@code FIREGRID_VOICE_ACCESS_KEY_ID} is set; a real account, a TTS template approved
 * by the provider and a display number are needed for calls to ring.
 *
 * @param url             the API endpoint; tests point it at a local server
 * @param accessKeyId     the RAM user's AccessKey ID, or {@code null} (off)
 * @param accessKeySecret its secret
 * @param showNumber      the number the called phone shows ({@code CalledShowNumber}), or {@code null}
 * @param ttsCode         the approved TTS template ({@code TtsCode}); its variables are {@code ${kind}}, {@code ${place}}, {@code ${id}}
 * @param playTimes       how often the message is read out in one call (1 to 3)
 */
public record VoiceOptions(String url, String accessKeyId, String accessKeySecret, String showNumber, String ttsCode,
                           int playTimes) {

    public static final String DEFAULT_URL = "https://dyvmsapi.aliyuncs.com/";
    public static final int DEFAULT_PLAY_TIMES = 2;

    public static final Setting<String> URL = Setting.string("FIREGRID_VOICE_URL", DEFAULT_URL, null,
            "Alibaba Cloud voice API endpoint");
    public static final Setting<String> ACCESS_KEY_ID = Setting.string("FIREGRID_VOICE_ACCESS_KEY_ID", null, "voice calls off",
            "Alibaba Cloud AccessKey ID for voice calls");
    public static final Setting<String> ACCESS_KEY_SECRET = Setting.string("FIREGRID_VOICE_ACCESS_KEY_SECRET", null, "none",
            "its AccessKey secret");
    public static final Setting<String> SHOW_NUMBER = Setting.string("FIREGRID_VOICE_SHOW_NUMBER", null, "the provider's",
            "number the called phone shows (CalledShowNumber)");
    public static final Setting<String> TTS_CODE = Setting.string("FIREGRID_VOICE_TTS_CODE", null, "none",
            "approved TTS template code (TtsCode), variables ${kind} ${place} ${id}");
    public static final Setting<Integer> PLAY_TIMES = Setting.integer("FIREGRID_VOICE_PLAY_TIMES", DEFAULT_PLAY_TIMES, 1, 3,
            "times the message is read out in one call");

    public static final VoiceOptions OFF = new VoiceOptions(DEFAULT_URL, null, null, null, null, DEFAULT_PLAY_TIMES);

    public VoiceOptions {
        PLAY_TIMES.checkInt(playTimes);
        if (accessKeyId != null && (accessKeySecret == null || ttsCode == null)) {
            throw new IllegalArgumentException(ACCESS_KEY_ID.name() + " is set: set " + ACCESS_KEY_SECRET.name() + " and "
                    + TTS_CODE.name() + " too");
        }
    }

    public static VoiceOptions fromEnv(Map<String, String> env) {
        return new VoiceOptions(URL.read(env), ACCESS_KEY_ID.read(env), ACCESS_KEY_SECRET.read(env), SHOW_NUMBER.read(env),
                TTS_CODE.read(env), PLAY_TIMES.read(env));
    }

    public boolean enabled() {
        return accessKeyId != null;
    }

    @Override
    public String toString() {
        return "VoiceOptions[url=" + url + ", accessKeyId=" + accessKeyId + ", accessKeySecret="
                + (accessKeySecret == null ? "none" : "***") + ", showNumber=" + showNumber + ", ttsCode=" + ttsCode
                + ", playTimes=" + playTimes + "]";
    }
}
