package org.sra.device.web;

import java.net.URI;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.MessageSource;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.sra.device.device.InvalidInputException;
import org.sra.kit.web.Problems;

/**
 * Answers {@link InvalidInputException} like the kit's problem handler answers any domain error,
 * plus {@code errors[{line?, field, code, message}]} with one entry per violation. It runs
 * before the kit's handler, whose catch-all would otherwise answer 500; everything else is
 * left to the kit.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class InvalidInputProblems {

    private final MessageSource messages;
    private final ViolationMessages violations;

    InvalidInputProblems(MessageSource messages, ViolationMessages violations) {
        this.messages = messages;
        this.violations = violations;
    }

    @ExceptionHandler(InvalidInputException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidInputException e, HttpServletRequest request) {
        Locale locale = Problems.locale(request);
        String slug = e.slug();
        Object[] args = {e.violations().size()};
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                messages.getMessage("problem." + slug, args, slug, locale));
        problem.setType(Problems.type(slug));
        problem.setTitle(messages.getMessage("problem." + slug + ".title", args, "Bad Request", locale));
        problem.setInstance(URI.create(request.getRequestURI()));
        problem.setProperty("errors", e.violations().stream().map(v -> violations.describe(v, locale)).toList());
        return ResponseEntity.badRequest().body(problem);
    }
}
