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
 *   <li>up to {@value #LATE_DAYS} days after the expiry day: the <b>day</b> reminder, late —
 *       when the service did not run on the day; it has the day reminder's key, so whichever
 *       comes first goes, once;</li>
 *   <li>later, or earlier than six months before the expiry day: nothing.</li>
 * </ul>
 * When the expiry day is also the first day the month's reminder could go (e.g. it is the 1st),
 * only the day reminder goes: never two mails on one day.
 */
final class ReminderSchedule {

    static final int MONTHS_BEFORE = 6;
    static final int LATE_DAYS = 7;

    /** A due reminder: the month it is for, whether it is the day's, and whether that comes late. */
    record Due(YearMonth month, boolean day, boolean late) {

        Due(YearMonth month, boolean day) {
            this(month, day, false);
        }

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
        if (today.isAfter(expiresOn)) {
            return today.isAfter(expiresOn.plusDays(LATE_DAYS)) ? Optional.empty()
                    : Optional.of(new Due(YearMonth.from(expiresOn), true, true));
        }
        if (today.isBefore(expiresOn.minusMonths(MONTHS_BEFORE))) {
            return Optional.empty();
        }
        return Optional.of(new Due(YearMonth.from(today), false));
    }
}
