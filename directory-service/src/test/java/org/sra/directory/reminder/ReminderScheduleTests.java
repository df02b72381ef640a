package org.sra.directory.reminder;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.sra.directory.reminder.ReminderSchedule.Due;

/** R-SET-4: from six months before the expiry, a reminder per calendar month and one on the day. */
class ReminderScheduleTests {

    static final LocalDate EXPIRES = LocalDate.of(2027, 3, 20);

    @Test
    void nothingBeforeSixMonthsAheadNorMoreThanAWeekAfterTheDay() {
        assertThat(ReminderSchedule.due(EXPIRES, LocalDate.of(2026, 9, 19))).isEmpty();
        assertThat(ReminderSchedule.due(EXPIRES, LocalDate.of(2027, 3, 28))).isEmpty();
        assertThat(ReminderSchedule.due(EXPIRES, LocalDate.of(2028, 1, 1))).isEmpty();
    }

    @Test
    void withinAWeekAfterTheDayTheDaysReminderIsDueLateUnderTheSameKey() {
        Optional<Due> nextDay = ReminderSchedule.due(EXPIRES, LocalDate.of(2027, 3, 21));
        assertThat(nextDay).contains(new Due(YearMonth.of(2027, 3), true, true));
        assertThat(nextDay.get().key()).isEqualTo(ReminderSchedule.due(EXPIRES, EXPIRES).get().key());
        assertThat(ReminderSchedule.due(EXPIRES, LocalDate.of(2027, 3, 27)))
                .as("a week after, in the next month's days too").contains(new Due(YearMonth.of(2027, 3), true, true));
        LocalDate endOfMonth = LocalDate.of(2027, 4, 30);
        assertThat(ReminderSchedule.due(endOfMonth, LocalDate.of(2027, 5, 2)).get().key()).isEqualTo("2027-04-day");
    }

    @Test
    void theMonthsReminderFromTheSixMonthsDateThenFromEveryFirst() {
        assertThat(ReminderSchedule.due(EXPIRES, LocalDate.of(2026, 9, 20)))
                .contains(new Due(YearMonth.of(2026, 9), false));
        assertThat(ReminderSchedule.due(EXPIRES, LocalDate.of(2026, 10, 1)))
                .contains(new Due(YearMonth.of(2026, 10), false));
        assertThat(ReminderSchedule.due(EXPIRES, LocalDate.of(2026, 12, 31)))
                .contains(new Due(YearMonth.of(2026, 12), false));
        assertThat(ReminderSchedule.due(EXPIRES, LocalDate.of(2027, 3, 19)))
                .contains(new Due(YearMonth.of(2027, 3), false));
    }

    @Test
    void theDayHasItsOwnReminderBesideTheMonths() {
        Optional<Due> day = ReminderSchedule.due(EXPIRES, EXPIRES);
        assertThat(day).contains(new Due(YearMonth.of(2027, 3), true));
        assertThat(day.get().key()).isEqualTo("2027-03-day");
        assertThat(ReminderSchedule.due(EXPIRES, LocalDate.of(2027, 3, 1)).get().key()).isEqualTo("2027-03");
    }

    @Test
    void anExpiryOnTheFirstGetsOnlyTheDaysReminderThatMonth() {
        LocalDate first = LocalDate.of(2027, 4, 1);
        assertThat(ReminderSchedule.due(first, first)).contains(new Due(YearMonth.of(2027, 4), true));
        assertThat(ReminderSchedule.due(first, LocalDate.of(2027, 3, 31))).contains(new Due(YearMonth.of(2027, 3), false));
    }

    @Test
    void sixMonthsBeforeTheEndOfAMonthIsTheEndOfThatEarlierMonth() {
        LocalDate endOfAugust = LocalDate.of(2027, 8, 31); // six months earlier: 2027-02-28
        assertThat(ReminderSchedule.due(endOfAugust, LocalDate.of(2027, 2, 27))).isEmpty();
        assertThat(ReminderSchedule.due(endOfAugust, LocalDate.of(2027, 2, 28)))
                .contains(new Due(YearMonth.of(2027, 2), false));
    }
}
