package org.sra.directory.reminder;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.sra.directory.settings.EntraIdConfig;
import org.sra.directory.settings.GlobalSettings;
import org.sra.directory.settings.TenantSettings;
import org.sra.events.settings.SecretKind;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The reminder job (R-SET-4): for every tenant with Entra ID settings, the reminder
 * {@link ReminderSchedule} says is due today (in the tenant's own time zone, 全体設定's タイムゾーン) is inserted
 * with its {@code SecretExpiring}; a duplicate key means another run or replica already did.
 * Runs every {@code sra.directory.reminders.interval} (1 h), so a month's reminder goes out
 * within an hour of midnight on the 1st.
 */
@Component
public class SecretExpiryReminders {

    private static final Logger log = LoggerFactory.getLogger(SecretExpiryReminders.class);

    private final GlobalSettings settings;
    private final MongoTemplate mongo;
    private final Clock clock;
    private final MeterRegistry meters;

    SecretExpiryReminders(GlobalSettings settings, MongoTemplate mongo, Clock clock, MeterRegistry meters) {
        this.settings = settings;
        this.mongo = mongo;
        this.clock = clock;
        this.meters = meters;
    }

    /** One pass over the tenants; how many reminders this pass raised. */
    @Scheduled(initialDelayString = "${sra.directory.reminders.initial-delay:PT1M}",
            fixedDelayString = "${sra.directory.reminders.interval:PT1H}")
    public int run() {
        int raised = 0;
        for (TenantSettings tenant : settings.withEntraId()) {
            if (remind(tenant, LocalDate.now(clock.withZone(tenant.zone())))) {
                raised++;
            }
        }
        return raised;
    }

    private boolean remind(TenantSettings tenant, LocalDate today) {
        EntraIdConfig entra = tenant.entraId();
        Optional<ReminderSchedule.Due> due = ReminderSchedule.due(entra.expiresOn(), today);
        if (due.isEmpty()) {
            return false;
        }
        SecretReminder reminder = SecretReminder.raise(tenant.tenantId(), SecretKind.ENTRA_CLIENT_SECRET, due.get(),
                entra.expiresOn(), tenant.notificationAddresses(), tenant.language(), clock.instant());
        try {
            mongo.insert(reminder);
        } catch (DuplicateKeyException alreadyRaised) {
            return false;
        }
        meters.counter("sra.directory.secret.reminders", "kind", due.get().day() ? "day" : "month").increment();
        log.info("Raised SecretExpiring {}{} for tenant {}: client secret expires {} ({} addresses)", due.get().key(),
                due.get().late() ? " (late: nothing raised it on the day)" : "", tenant.tenantId(), entra.expiresOn(),
                tenant.notificationAddresses().size());
        return true;
    }
}
