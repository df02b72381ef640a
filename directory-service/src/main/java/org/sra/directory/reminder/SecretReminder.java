package org.sra.directory.reminder;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;
import org.sra.events.settings.SecretExpiring;
import org.sra.events.settings.SecretKind;
import org.sra.kit.outbox.AggregateDocument;

/**
 * The record that a tenant's reminder for a month (or for the expiry day) was raised. Its id is
 * {@code <tenantId>:<kind>:<yyyy-MM>[-day]}: inserting a second one for the same key fails on
 * the primary key, whichever replica tries, and the event travels in the same document.
 */
@Document("secret_reminders")
class SecretReminder extends AggregateDocument {

    @Id
    private String id;
    private String tenantId;
    private SecretKind kind;
    private String reminderMonth;
    private boolean expiryDay;
    private LocalDate expiresOn;
    private Instant raisedAt;

    SecretReminder() {
    }

    static SecretReminder raise(String tenantId, SecretKind kind, ReminderSchedule.Due due, LocalDate expiresOn,
                                List<String> addresses, String language, Instant now) {
        SecretReminder reminder = new SecretReminder();
        reminder.id = tenantId + ":" + kind + ":" + due.key();
        reminder.tenantId = tenantId;
        reminder.kind = kind;
        reminder.reminderMonth = due.month().toString();
        reminder.expiryDay = due.day();
        reminder.expiresOn = expiresOn;
        reminder.raisedAt = now;
        reminder.raise(tenantId, new SecretExpiring(tenantId, kind, expiresOn, reminder.reminderMonth,
                List.copyOf(addresses), language, due.late() ? Boolean.TRUE : null));
        return reminder;
    }

    String id() {
        return id;
    }
}
