package io.firegrid.gateway.voice;

import io.firegrid.gateway.sms.SmsOptions;
import java.util.Map;

/** The phone channels' settings: SMS through Kannel and voice calls through Alibaba Cloud, both off by default. */
public record PhoneOptions(SmsOptions sms, VoiceOptions voice) {

    public static final PhoneOptions OFF = new PhoneOptions(SmsOptions.OFF, VoiceOptions.OFF);

    public PhoneOptions {
        java.util.Objects.requireNonNull(sms, "sms");
        java.util.Objects.requireNonNull(voice, "voice");
    }

    public static PhoneOptions fromEnv(Map<String, String> env) {
        return new PhoneOptions(SmsOptions.fromEnv(env), VoiceOptions.fromEnv(env));
    }

    public PhoneOptions withSms(SmsOptions value) {
        return new PhoneOptions(value, voice);
    }

    public PhoneOptions withVoice(VoiceOptions value) {
        return new PhoneOptions(sms, value);
    }
}
