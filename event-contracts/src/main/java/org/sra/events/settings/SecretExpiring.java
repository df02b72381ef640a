package org.sra.events.settings;

import java.time.LocalDate;
import java.util.List;

import org.sra.events.EventPayload;

/**
 * A secret is about to expire: raised once a month from six months before the expiry date and
 * once on the day (R-SET-4), so notification-service mails the admins.
 *
 * @param reminderMonth the month this reminder is for, {@code yyyy-MM}; at most one mail per month
 * @param language      {@code ja} or {@code en}
 */
public record SecretExpiring(String tenantId, SecretKind secretKind, LocalDate expiresOn, String reminderMonth,
                             List<String> notificationAddresses, String language) implements EventPayload {

    @Override
    public String aggregateId() {
        return tenantId;
    }
}
