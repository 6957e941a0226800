package io.firegrid.gateway.voice;

import java.util.Optional;

/**
 * How a placed call ended, as the provider reports it. Only {@link #ANSWERED} counts as reaching
 * the person; the others move the alarm's escalation on (docs/sms.md, "Call status").
 */
public enum CallStatus {
    ANSWERED("answered"),
    NO_ANSWER("no-answer"),
    BUSY("busy"),
    FAILED("failed");

    private final String wire;

    CallStatus(String wire) {
        this.wire = wire;
    }

    public String wireName() {
        return wire;
    }

    /**
     * Alibaba Cloud's call result codes (help.aliyun.com, voice service, "Carrier receipt error
     * codes"): 200000 listened to the end and 200001 hung up early are answered; 200002 busy;
     * 200003 rang but not answered, 200005 unreachable or rejected, 200007 out of service area,
     * 200010 switched off are no answer; anything else (200004 invalid number, 200011 suspended,
     * carrier errors) failed. Empty for no code yet and for the intermediate states a pushed
     * {@code VoiceReport} also carries ("Call status codes": 200101 calling, 200201 ringing,
     * 200100 call ended without its result, 300000 a key pressed): the result comes later.
     * 200102 (the callee answered) is answered.
     */
    public static Optional<CallStatus> fromAliyun(String code) {
        if (code == null || code.isBlank()) {
            return Optional.empty();
        }
        return switch (code.strip()) {
            case "200101", "200201", "200100", "300000" -> Optional.empty();
            default -> Optional.of(result(code.strip()));
        };
    }

    private static CallStatus result(String code) {
        return switch (code) {
            case "200000", "200001", "200102" -> ANSWERED;
            case "200002" -> BUSY;
            case "200003", "200005", "200007", "200010" -> NO_ANSWER;
            default -> FAILED;
        };
    }

    /**
     * Tencent Cloud VMS's status push ({@code voiceprompt_callback.result}): 0 answered, 1 not
     * answered, 2 call error (failed).
     */
    public static CallStatus fromTencent(String result) {
        return switch (result == null ? "" : result.strip()) {
            case "0" -> ANSWERED;
            case "1" -> NO_ANSWER;
            default -> FAILED;
        };
    }
}
