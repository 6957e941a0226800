package io.firegrid.gateway.sms;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * Hands one message to a Kannel smsbox through its HTTP {@code sendsms} interface:
 * {@code username}, {@code password}, {@code to}, {@code text} (UTF-8, {@code charset=UTF-8}),
 * {@code coding=2} (UCS-2) when the text is not GSM-7, {@code dlr-mask=31} (delivered, failed,
 * buffered, accepted and rejected by the SMS center) with the {@code dlr-url} Kannel calls back.
 * Kannel splits a long text into concatenated parts itself; {@link SmsText} keeps it to three.
 *
 * <p>Any 2xx (Kannel: 202 {@code 0: Accepted for delivery}, {@code 3: Queued for later delivery})
 * is accepted; another status, a timeout or a refused connection is a failed attempt with its detail.
 */
public final class KannelClient implements SmsSender {

    /** Longest wait for the smsbox's answer: it answers at once when the bearerbox is up. */
    public static final long DEFAULT_TIMEOUT_MS = 10_000;
    /** Every report Kannel knows: 1 delivered, 2 undeliverable, 4 buffered, 8 accepted by the SMSC, 16 rejected. */
    public static final int DLR_MASK = 31;

    /** The answer of the smsbox or cloud service; {@code ref} is a cloud service's message id, else {@code null}. */
    public record Result(boolean accepted, String detail, String ref) {
        public Result(boolean accepted, String detail) {
            this(accepted, detail, null);
        }
    }

    private final WebClient client;
    private final SmsOptions options;

    public KannelClient(Vertx vertx, SmsOptions options) {
        this.options = options;
        this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout((int) DEFAULT_TIMEOUT_MS)
                .setUserAgent("FireGrid-SMS/1").setFollowRedirects(false));
    }

    @Override
    public String name() {
        return "kannel";
    }

    @Override
    public Future<Result> send(String to, String text, String dlrUrl) {
        HttpRequest<io.vertx.core.buffer.Buffer> r = client.getAbs(options.url()).timeout(DEFAULT_TIMEOUT_MS)
                .addQueryParam("username", options.user()).addQueryParam("password", options.password())
                .addQueryParam("to", to).addQueryParam("text", text).addQueryParam("charset", "UTF-8");
        if (!SmsParts.isGsm7(text)) {
            r.addQueryParam("coding", "2");
        }
        if (options.sender() != null) {
            r.addQueryParam("from", options.sender());
        }
        if (dlrUrl != null) {
            r.addQueryParam("dlr-mask", Integer.toString(DLR_MASK)).addQueryParam("dlr-url", dlrUrl);
        }
        return r.send().map(res -> new Result(res.statusCode() / 100 == 2, "smsbox HTTP " + res.statusCode() + ": "
                        + trim(res.bodyAsString())))
                .otherwise(t -> new Result(false, "smsbox unreachable: " + t.getClass().getSimpleName() + ": " + t.getMessage()));
    }

    public void close() {
        client.close();
    }

    private static String trim(String s) {
        if (s == null) {
            return "";
        }
        s = s.strip();
        return s.length() > 200 ? s.substring(0, 200) : s;
    }
}
