package org.sra.directory.reminder;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Runs {@link SecretExpiryReminders} on its schedule; {@code sra.directory.reminders.enabled=false} turns it off. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ConditionalOnProperty(name = "sra.directory.reminders.enabled", matchIfMissing = true)
class ReminderScheduling {
}
