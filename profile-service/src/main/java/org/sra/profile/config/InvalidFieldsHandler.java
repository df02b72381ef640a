package org.sra.profile.config;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.MessageSource;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.sra.kit.web.PlainText;
import org.sra.kit.web.Problems;
import org.sra.profile.proxy.FieldViolation;
import org.sra.profile.proxy.InvalidFields;

import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Field errors found by plain-Java rules ({@link InvalidFields}) as the same problem the kit
 * answers for bean-validation errors: {@code urn:sra:problem:invalid-request} with
 * {@code errors[{field, message}]}, in the caller's language; and values of the wrong type,
 * which the kit would only call a malformed body. Runs before the kit's handler.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class InvalidFieldsHandler {

    private final MessageSource messages;

    InvalidFieldsHandler(MessageSource messages) {
        this.messages = messages;
    }

    @ExceptionHandler(InvalidFields.class)
    ResponseEntity<ProblemDetail> invalid(InvalidFields e, HttpServletRequest request) {
        return problem(e.violations(), request);
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
            return ResponseEntity.badRequest().body(base(HttpStatus.BAD_REQUEST, "forbidden-characters", request));
        }
        UnrecognizedPropertyException unknown = cause(e, UnrecognizedPropertyException.class);
        if (unknown != null) {
            ProblemDetail problem = base(HttpStatus.BAD_REQUEST, "unknown-field", request);
            problem.setProperty("field", unknown.getPropertyName());
            return ResponseEntity.badRequest().body(problem);
        }
        MismatchedInputException mismatch = cause(e, MismatchedInputException.class);
        if (mismatch == null || mismatch.getPath().isEmpty()) {
            return malformed(request);
        }
        String field = mismatch.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse("");
        Class<?> target = mismatch.getTargetType();
        FieldViolation violation = target != null && target.isEnum()
                ? new FieldViolation(field, "value.enum", Arrays.stream(target.getEnumConstants())
                        .map(Object::toString).collect(Collectors.joining(", ")))
                : new FieldViolation(field, "value.type");
        return problem(List.of(violation), request);
    }

    private ResponseEntity<ProblemDetail> problem(List<FieldViolation> violations, HttpServletRequest request) {
        Locale locale = Problems.locale(request);
        ProblemDetail problem = base(HttpStatus.BAD_REQUEST, "invalid-request", request);
        List<Map<String, String>> errors = violations.stream()
                .map(v -> Map.of("field", v.field(),
                        "message", messages.getMessage("field." + v.code(), v.args(), v.code(), locale)))
                .toList();
        problem.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(problem);
    }

    private ResponseEntity<ProblemDetail> malformed(HttpServletRequest request) {
        return ResponseEntity.badRequest().body(base(HttpStatus.BAD_REQUEST, "malformed-body", request));
    }

    private ProblemDetail base(HttpStatus status, String slug, HttpServletRequest request) {
        Locale locale = Problems.locale(request);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status,
                messages.getMessage("problem." + slug, null, slug, locale));
        problem.setType(Problems.type(slug));
        problem.setTitle(messages.getMessage("problem." + slug + ".title", null, status.getReasonPhrase(), locale));
        problem.setInstance(URI.create(request.getRequestURI()));
        return problem;
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
