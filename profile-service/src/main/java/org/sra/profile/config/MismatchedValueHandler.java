package org.sra.profile.config;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.sra.kit.error.DomainException;
import org.sra.kit.error.FieldError;
import org.sra.kit.web.PlainText;
import org.sra.kit.web.ProblemHandler;

import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Values of the wrong type in a JSON body, which the kit would only call a malformed body, as
 * the same problem as any other wrong field ({@code urn:sra:problem:invalid-request} with
 * {@code errors[{field, code, message}]}, in the caller's language), answered through the kit's
 * {@link ProblemHandler}. Runs before the kit's handler.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class MismatchedValueHandler {

    private final ProblemHandler problems;

    MismatchedValueHandler(ProblemHandler problems) {
        this.problems = problems;
    }

    /**
     * A body that is JSON but has a value of the wrong type in a field (text for a number, an
     * unknown mode): the field is named, with the allowed values of an enum. Anything else
     * unreadable stays the kit's {@code malformed-body}.
     */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        // a control or text-direction character, or a field the body does not have: the kit's own
        // problems, which say what is wrong (not "the value has the wrong form")
        if (cause(e, PlainText.ForbiddenCharacters.class) != null) {
            return problems.domain(DomainException.invalid("forbidden-characters"), request);
        }
        UnrecognizedPropertyException unknown = cause(e, UnrecognizedPropertyException.class);
        if (unknown != null) {
            return problems.domain(new DomainException(DomainException.Kind.INVALID, "unknown-field",
                    Map.of("field", unknown.getPropertyName())), request);
        }
        MismatchedInputException mismatch = cause(e, MismatchedInputException.class);
        if (mismatch == null || mismatch.getPath().isEmpty()) {
            return problems.domain(DomainException.invalid("malformed-body"), request);
        }
        String field = mismatch.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse("");
        Class<?> target = mismatch.getTargetType();
        FieldError error = target != null && target.isEnum()
                ? FieldError.of(field, "value.enum", "field.value.enum", Arrays.stream(target.getEnumConstants())
                        .map(Object::toString).collect(Collectors.joining(", ")))
                : FieldError.of(field, "value.type", "field.value.type");
        return problems.domain(DomainException.invalidFields("invalid-request", List.of(error)), request);
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
