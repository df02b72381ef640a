package org.sra.kit.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.context.support.StaticMessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.sra.kit.error.DomainException;
import org.sra.kit.error.FieldError;

/** Domain errors become the same problem details as the web layer's {@link ProblemException}. */
class DomainProblemsTests {

    private final StaticMessageSource messages = new StaticMessageSource();
    private final ProblemHandler handler = new ProblemHandler(messages);

    DomainProblemsTests() {
        messages.addMessage("problem.gadget-not-found", Locale.JAPANESE, "ガジェット {0} が見つかりません。");
        messages.addMessage("problem.gadget-not-found", Locale.ENGLISH, "Gadget {0} was not found.");
        messages.addMessage("problem.gadget-not-found.title", Locale.ENGLISH, "No such gadget");
        messages.addMessage("problem.gadget-invalid", Locale.ENGLISH, "{0} field(s) are not valid.");
        messages.addMessage("field.macAddress", Locale.ENGLISH, "MAC address");
        messages.addMessage("field.macAddress", Locale.JAPANESE, "MACアドレス");
        messages.addMessage("violation.mac-invalid", Locale.ENGLISH, "{0} \"{1}\" is not valid.");
        messages.addMessage("violation.mac-invalid", Locale.JAPANESE, "{0}「{1}」が正しくありません。");
        messages.addMessage("field.port.range", Locale.ENGLISH, "Port {0} is out of range.");
    }

    private static MockHttpServletRequest request(String language) {
        MockHttpServletRequest request = new MockHttpServletRequest("PUT", "/api/gadgets/g-1");
        if (language != null) {
            request.addHeader("Accept-Language", language);
        }
        return request;
    }

    @Test
    void eachKindAnswersTheStatusAProblemExceptionOfItsSlugAnswered() {
        for (var pair : List.of(
                Map.entry(DomainException.notFound("gadget-not-found", "g-1"), ProblemException.notFound("gadget-not-found", "g-1")),
                Map.entry(DomainException.conflict("gadget-not-found", "g-1"), ProblemException.conflict("gadget-not-found", "g-1")),
                Map.entry(DomainException.invalid("gadget-not-found", "g-1"), ProblemException.badRequest("gadget-not-found", "g-1")),
                Map.entry(DomainException.forbidden("gadget-not-found", "g-1"), ProblemException.forbidden("gadget-not-found", "g-1")))) {
            for (String language : new String[] {null, "en"}) {
                ResponseEntity<ProblemDetail> domain = handler.domain(pair.getKey(), request(language));
                ResponseEntity<ProblemDetail> web = handler.domain(pair.getValue(), request(language));
                assertThat(domain.getStatusCode()).isEqualTo(web.getStatusCode());
                assertThat(domain.getBody()).usingRecursiveComparison().isEqualTo(web.getBody());
            }
        }
        ProblemDetail english = handler.domain(DomainException.notFound("gadget-not-found", "g-1"), request("en")).getBody();
        assertThat(english.getStatus()).isEqualTo(404);
        assertThat(english.getType()).hasToString("urn:sra:problem:gadget-not-found");
        assertThat(english.getTitle()).isEqualTo("No such gadget");
        assertThat(english.getDetail()).isEqualTo("Gadget g-1 was not found.");
        assertThat(handler.domain(DomainException.notFound("gadget-not-found", "g-1"), request(null)).getBody()
                .getDetail()).isEqualTo("ガジェット g-1 が見つかりません。");
    }

    @Test
    void eachKindAnswersItsOwnStatusAndAWaitGetsRetryAfter() {
        assertThat(Arrays.stream(DomainException.Kind.values()).map(ProblemHandler::statusOf).distinct())
                .hasSize(DomainException.Kind.values().length);
        DomainException throttled = new DomainException(DomainException.Kind.TOO_MANY_REQUESTS, "gadget-not-found",
                Map.of("retryAfter", 7L), "g-1");

        var answer = handler.domain(throttled, request("en"));

        assertThat(answer.getStatusCode().value()).isEqualTo(429);
        assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("7");
        assertThat(answer.getBody().getProperties()).containsEntry("retryAfter", 7L);
    }

    @Test
    void propertiesGoIntoTheBody() {
        DomainException e = new DomainException(DomainException.Kind.NOT_FOUND, "gadget-not-found",
                Map.of("gadgetIds", List.of("g-1", "g-2")), List.of(), "g-1");
        assertThat(handler.domain(e, request("en")).getBody().getProperties())
                .containsEntry("gadgetIds", List.of("g-1", "g-2"));
    }

    @Test
    void fieldErrorsAreListedWithTheFieldsScreenLabelAndTheirCsvLine() {
        DomainException e = DomainException.invalidFields("gadget-invalid", List.of(
                FieldError.labelled("violation.", "macAddress", "mac-invalid", "zz").atLine(3),
                FieldError.of("port", "port.range", "field.port.range", "70000")), 2);

        ResponseEntity<ProblemDetail> english = handler.domain(e, request("en"));

        assertThat(english.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(english.getBody().getDetail()).isEqualTo("2 field(s) are not valid.");
        assertThat(english.getBody().getProperties().get("errors")).isEqualTo(List.of(
                Map.of("line", 3, "field", "macAddress", "code", "mac-invalid",
                        "message", "MAC address \"zz\" is not valid."),
                Map.of("field", "port", "code", "port.range", "message", "Port 70000 is out of range.")));
        assertThat(((List<Map<String, Object>>) handler.domain(e, request(null)).getBody().getProperties().get("errors"))
                .getFirst()).containsEntry("message", "MACアドレス「zz」が正しくありません。");
    }

    @Test
    void aFieldWithoutLabelIsNamedAsItIs() {
        FieldError error = FieldError.labelled("violation.", "serial", "mac-invalid", "x");
        assertThat(new FieldErrorMessages(messages).text(error, Locale.ENGLISH)).isEqualTo("serial \"x\" is not valid.");
    }
}
