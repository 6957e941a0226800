package io.firegrid.gateway.sms;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replies to cloud SMS as the providers push them (docs/sms.md, "Replies to cloud SMS"):
 * <ul>
 * <li>Alibaba Cloud's uplink message {@code SmsUp} in HTTP batch push mode: a JSON array of
 * {@code {"phone_number","content","send_time","dest_code","sequence_id","sign_name"}}, the number
 * without a country code; it wants {@code {"code":0,"msg":"接收成功"}} with HTTP 200 and pushes again
 * (1, 5, 10 minutes later) on anything else;</li>
 * <li>Tencent Cloud's SMS reply callback: one JSON object
 * {@code {"mobile","nationcode","text","time","sign","extend"}}; it wants
 * {@code {"result":0,"errmsg":"OK"}}.</li>
 * </ul>
 * {@link #parse} reads either form; {@link #seen} recognises a message pushed again.
 */
public final class CloudReplies {

    /** How many pushed messages are remembered to recognise one pushed again. */
    static final int REMEMBERED = 4096;

    /** Which provider's form a push has. */
    public enum Form {
        ALIYUN, TENCENT;

        /** The answer this provider documents as success. */
        public JsonObject success() {
            return this == ALIYUN ? new JsonObject().put("code", 0).put("msg", "接收成功")
                    : new JsonObject().put("result", 0).put("errmsg", "OK");
        }

        public String wireName() {
            return this == ALIYUN ? "aliyun" : "tencent";
        }
    }

    /**
     * One reply: the phone it came from as the provider wrote it ({@code from}, read by
     * {@code Phones.e164}), its text, and the provider's key of the message ({@code sequence_id};
     * Tencent Cloud gives none, so its number, time and text).
     */
    public record Reply(String from, String text, String key) {
    }

    /** A push of one form and its replies, in order. */
    public record Push(Form form, List<Reply> replies) {
    }

    private final Map<String, Boolean> recent = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    });

    /**
     * The replies of a push body; throws {@link IllegalArgumentException} saying what was expected
     * for a body of neither form, or one whose messages lack the number or the text.
     */
    public static Push parse(String body) {
        String b = body == null ? "" : body.strip();
        try {
            if (b.startsWith("[")) {
                List<Reply> out = new ArrayList<>();
                for (Object o : new JsonArray(b)) {
                    if (!(o instanceof JsonObject m) || text(m, "phone_number") == null || text(m, "content") == null) {
                        throw new IllegalArgumentException("an Alibaba Cloud SmsUp message needs 'phone_number' and 'content'");
                    }
                    out.add(new Reply(text(m, "phone_number"), text(m, "content"), "aliyun:" + text(m, "sequence_id")
                            + (m.getValue("sequence_id") == null ? ":" + text(m, "phone_number") + ":" + text(m, "send_time")
                            + ":" + text(m, "content") : "")));
                }
                if (out.isEmpty()) {
                    throw new IllegalArgumentException("an Alibaba Cloud SmsUp push is a non-empty JSON array");
                }
                return new Push(Form.ALIYUN, List.copyOf(out));
            }
            JsonObject o = new JsonObject(b);
            String mobile = text(o, "mobile");
            String message = text(o, "text");
            if (mobile == null || message == null) {
                throw new IllegalArgumentException("a Tencent Cloud SMS reply needs 'mobile' and 'text'");
            }
            String nation = text(o, "nationcode");
            String from = nation == null || mobile.startsWith("+") ? mobile : "+" + nation + mobile;
            return new Push(Form.TENCENT, List.of(new Reply(from, message, "tencent:" + from + ":" + text(o, "time") + ":"
                    + message)));
        } catch (io.vertx.core.json.DecodeException | ClassCastException e) {
            throw new IllegalArgumentException("the body is not JSON: " + e.getMessage());
        }
    }

    /** Whether {@code reply} was taken before (a provider pushing again after a lost answer); remembers it. */
    public boolean seen(Reply reply) {
        return recent.putIfAbsent(reply.key(), Boolean.TRUE) != null;
    }

    /** Lets {@code reply} be taken again: what it was to do failed, and the provider will push it again. */
    public void forget(Reply reply) {
        recent.remove(reply.key());
    }

    private static String text(JsonObject o, String field) {
        Object v = o.getValue(field);
        return v == null ? null : String.valueOf(v);
    }
}
