package org.sra.events.settings;

import java.time.LocalDate;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.sra.events.EventPayload;

/**
 * A secret is about to expire: raised once a month from six months before the expiry date and
 * once on the day (R-SET-4), so notification-service mails the admins; the day's reminder is
 * raised late, within a week after the day, if nothing raised it on the day.
 *
 * @param reminderMonth the month this reminder is for, {@code yyyy-MM}; at most one mail per month
 * @param language      {@code ja} or {@code en}
 * @param expired       true when the expiry day's reminder is raised late, after the day (nothing ran
 *                      that day): the secret has expired; null otherwise and in events written before
 */
public record SecretExpiring(String tenantId, SecretKind secretKind, LocalDate expiresOn, String reminderMonth,
                             List<String> notificationAddresses, String language, @Nullable Boolean expired)
        implements EventPayload {

    /** A reminder before or on the expiry day. */
    public SecretExpiring(String tenantId, SecretKind secretKind, LocalDate expiresOn, String reminderMonth,
                          List<String> notificationAddresses, String language) {
        this(tenantId, secretKind, expiresOn, reminderMonth, notificationAddresses, language, null);
    }

    @Override
    public String aggregateId() {
        return tenantId;
    }
}
