package org.sra.directory.reminder;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Optional;

/**
 * Which reminder is due on a date (R-SET-4), in the tenant's time zone:
 * <ul>
 *   <li>on the expiry day: the <b>day</b> reminder (its own key, so the month's reminder sent
 *       earlier does not swallow it);</li>
 *   <li>before it, from the date six months earlier: the reminder of the current calendar month,
 *       sent on the first run on or after the 1st of the month (or on or after the six-months date
 *       in the first month, or after the settings were saved);</li>
 *   <li>after the expiry day, or earlier than six months before it: nothing.</li>
 * </ul>
 * When the expiry day is also the first day the month's reminder could go (e.g. it is the 1st),
 * only the day reminder goes: never two mails on one day.
 */
final class ReminderSchedule {

    static final int MONTHS_BEFORE = 6;

    /** A due reminder: the month it is for and whether it is the day's. */
    record Due(YearMonth month, boolean day) {

        /** The record key within a tenant: {@code 2027-03} or {@code 2027-03-day}. */
        String key() {
            return month + (day ? "-day" : "");
        }
    }

    private ReminderSchedule() {
    }

    static Optional<Due> due(LocalDate expiresOn, LocalDate today) {
        if (today.equals(expiresOn)) {
            return Optional.of(new Due(YearMonth.from(today), true));
        }
        if (today.isAfter(expiresOn) || today.isBefore(expiresOn.minusMonths(MONTHS_BEFORE))) {
            return Optional.empty();
        }
        return Optional.of(new Due(YearMonth.from(today), false));
    }
}
