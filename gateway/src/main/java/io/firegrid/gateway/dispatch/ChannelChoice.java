package io.firegrid.gateway.dispatch;

import io.firegrid.gateway.place.Person;
import io.firegrid.gateway.place.Places;
import io.firegrid.gateway.place.Preferences;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * Which people of a recipient a channel reaches for one notification. The {@code webhook} and
 * {@code siren} channels are not per person: they get every notification, as before preferences
 * existed. Any other channel ({@code sms}, {@code voice}, ...) reaches a person only when their
 * {@link Preferences} for the alarm's class name it for the notification's reason, and, for a class
 * held back in quiet hours, when it is not their quiet time or the alarm has been unacknowledged
 * for the class's {@code urgentAfter}. A person's preferences are read as they are now (a change
 * applies to the next reminder); a person no longer known keeps the defaults.
 */
final class ChannelChoice {

    /** Channels that are not per person. */
    static final Set<String> SHARED = Set.of("webhook", "siren", "console");

    private final Places places;
    private final ZoneId zone;

    ChannelChoice(Places places, ZoneId zone) {
        this.places = places;
        this.zone = zone;
    }

    ZoneId zone() {
        return zone;
    }

    /** {@code r} with only the people {@code channel} may reach; {@code r} itself for a shared channel. */
    Recipient reach(String tenant, Recipient r, String channel, String alarmClass, Reason reason, Instant now,
                    Instant raisedAt) {
        if (SHARED.contains(channel)) {
            return r;
        }
        List<Person> people = r.people().stream().map(p -> places.person(tenant, p.id()).orElse(p))
                .filter(p -> allows(p.preferences(), channel, alarmClass, reason, now, raisedAt)).toList();
        return new Recipient(r.kind(), r.id(), r.name(), people);
    }

    boolean allows(Preferences prefs, String channel, String alarmClass, Reason reason, Instant now, Instant raisedAt) {
        Preferences.ClassPreference p = prefs.of(alarmClass);
        if (p == null || !p.channels(reason.wireName()).contains(channel)) {
            return false;
        }
        if (p.quietHours() && prefs.quietAt(now.atZone(zone).toLocalTime())) {
            return p.urgentAfter() != null && Duration.between(raisedAt, now).compareTo(p.urgentAfter()) >= 0;
        }
        return true;
    }
}
