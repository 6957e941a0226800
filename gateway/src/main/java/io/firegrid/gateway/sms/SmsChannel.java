package io.firegrid.gateway.sms;

import io.firegrid.gateway.dispatch.Channel;
import io.firegrid.gateway.dispatch.Recipient;
import io.firegrid.gateway.place.Person;
import io.firegrid.gateway.place.Phones;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;

/**
 * The {@code sms} channel: one delivery per person of the recipient with a phone number, the
 * target being the number in E.164 form. Sends through {@link SmsService} (Kannel), which holds
 * alarms for a number that was just sent one and sends them as one summary. Without
 * {@code FIREGRID_SMS_URL} it has no targets.
 */
public final class SmsChannel implements Channel {

    public static final String NAME = "sms";

    private final SmsService sms;

    public SmsChannel(SmsService sms) {
        this.sms = sms;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> targets(String tenant, Recipient recipient, JsonObject alarm) {
        return sms.enabled() ? phones(recipient) : List.of();
    }

    @Override
    public Future<Outcome> send(String target, long deliveryId, String body) {
        return sms.send(target, deliveryId, body);
    }

    /** The distinct E.164 numbers of the recipient's people ({@link Person#reachAt}); people without one are left out. */
    public static List<String> phones(Recipient recipient) {
        return recipient.people().stream().flatMap(p -> p.reachAt().stream()).distinct().toList();
    }
}
