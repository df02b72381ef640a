package org.sra.profile.profile.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;

import org.junit.jupiter.api.Test;

/** R-PRO-2: any address and subject, 1–30 days, 1–5 downloads or unlimited; a subject is one line. */
class SendValidationTests {

    private static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();

    @Test
    void aGoodRequestPasses() {
        assertThat(VALIDATOR.validate(new ProfileController.Send("taro@example.co.jp", "件名", 30, 5, "en"))).isEmpty();
        assertThat(VALIDATOR.validate(new ProfileController.Send("a@b", "s", 1, null, null))).isEmpty();
    }

    @Test
    void everyBadFieldIsNamed() {
        assertThat(fields(new ProfileController.Send("not-a-mail", "", 0, 6, "fr")))
                .containsExactlyInAnyOrder("recipient", "subject", "validityDays", "maxDownloads", "language");
        assertThat(fields(new ProfileController.Send("a@b.c", "s", 31, 0, null)))
                .containsExactlyInAnyOrder("validityDays", "maxDownloads");
        assertThat(fields(new ProfileController.Send(null, "s", null, 1, null)))
                .containsExactlyInAnyOrder("recipient", "validityDays");
    }

    @Test
    void aSubjectCannotSmuggleMailHeaders() {
        assertThat(fields(new ProfileController.Send("a@b.c", "hi\r\nBcc: x@evil", 3, 1, null)))
                .containsExactly("subject");
    }

    @Test
    void aBulkSendNeedsASelectionButNoRecipient() {
        assertThat(VALIDATOR.validate(new ProfileController.BulkSend(List.of("u:d"), null, "s", 3, 1, null))).isEmpty();
        assertThat(VALIDATOR.validate(new ProfileController.BulkSend(List.of(), null, "s", 3, 1, null)))
                .extracting(v -> v.getPropertyPath().toString()).containsExactly("profileIds");
    }

    @Test
    void aBulkSendTakesAThousandProfilesAtOnceAsTheConsoleSendsItsWholeSelection() {
        List<String> thousand = IntStream.range(0, 1_000).mapToObj(n -> "u-" + n + ":d-" + n).toList();
        List<String> more = IntStream.range(0, 1_001).mapToObj(n -> "u-" + n + ":d-" + n).toList();

        assertThat(VALIDATOR.validate(new ProfileController.BulkSend(thousand, null, "s", 3, 1, null))).isEmpty();
        assertThat(fields(new ProfileController.BulkSend(more, null, "s", 3, 1, null))).containsExactly("profileIds");
    }

    private static List<String> fields(Object request) {
        Set<ConstraintViolation<Object>> violations = VALIDATOR.validate(request);
        return violations.stream().map(v -> v.getPropertyPath().toString()).distinct().toList();
    }
}
