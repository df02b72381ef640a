package org.sra.kit.web;

import java.net.URI;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.MessageSource;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.sra.kit.error.DomainException;
import org.sra.kit.store.StoreAvailability;

import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * The one place where exceptions become RFC 9457 problem details, in the caller's language
 * (Japanese by default, English on {@code Accept-Language: en}). Unexpected errors answer a
 * generic 500 and are logged; their text never reaches the caller.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    private final MessageSource messages;
    private final FieldErrorMessages fieldErrors;
    private final ConstraintMessages constraints;

    public ProblemHandler(MessageSource messages) {
        this.messages = messages;
        this.fieldErrors = new FieldErrorMessages(messages);
        this.constraints = new ConstraintMessages(messages);
    }

    /**
     * A domain error: the status its kind stands for, the problem of its slug, its properties, and
     * {@code errors[{line?, field, code, message}]} when it names wrong fields. Public so that a
     * service's own handler of a web-layer error can answer through it.
     */
    @ExceptionHandler(DomainException.class)
    public ResponseEntity<ProblemDetail> domain(DomainException e, HttpServletRequest request) {
        HttpStatus status = statusOf(e.kind());
        ProblemDetail problem = problem(status, e.slug(), e.args(), request);
        e.properties().forEach(problem::setProperty);
        if (!e.fieldErrors().isEmpty()) {
            problem.setProperty("errors", fieldErrors.describe(e.fieldErrors(), Problems.locale(request)));
        }
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(status);
        if (e.properties().get("retryAfter") instanceof Number seconds) {
            answer.header(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, seconds.longValue())));
        }
        return answer.body(problem);
    }

    /** The HTTP status of a kind of domain error. */
    public static HttpStatus statusOf(DomainException.Kind kind) {
        return switch (kind) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case UNPROCESSABLE -> HttpStatus.UNPROCESSABLE_CONTENT;
            case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
            case TOO_MANY_REQUESTS -> HttpStatus.TOO_MANY_REQUESTS;
            case UPSTREAM_REFUSED -> HttpStatus.BAD_GATEWAY;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
        };
    }

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<ProblemDetail> domain(ProblemException e, HttpServletRequest request) {
        ProblemDetail problem = problem(e.status(), e.slug(), e.args(), request);
        e.properties().forEach(problem::setProperty);
        return ResponseEntity.status(e.status()).body(problem);
    }

    /**
     * Bean Validation outside a request body: every failure at once, each naming its field as the
     * screen does ({@link ConstraintMessages}), never the validator's own text.
     */
    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> constraint(ConstraintViolationException e, HttpServletRequest request) {
        Locale locale = Problems.locale(request);
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", new Object[0], request);
        problem.setProperty("errors", e.getConstraintViolations().stream()
                .sorted(Comparator.comparing(v -> String.valueOf(v.getPropertyPath())))
                .map(v -> {
                    String path = String.valueOf(v.getPropertyPath());
                    String field = path.substring(path.lastIndexOf('.') + 1);
                    String objectName = v.getLeafBean() == null ? "" : lowerFirst(v.getLeafBean().getClass().getSimpleName());
                    return constraints.describe(objectName, field, v, locale);
                })
                .toList());
        return ResponseEntity.badRequest().body(problem);
    }

    private static String lowerFirst(String name) {
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    @ExceptionHandler(OptimisticLockingFailureException.class)
    ResponseEntity<ProblemDetail> concurrentChange(OptimisticLockingFailureException e, HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .body(problem(HttpStatus.CONFLICT, "concurrent-change", new Object[0], request));
    }

    @ExceptionHandler(DuplicateKeyException.class)
    ResponseEntity<ProblemDetail> duplicate(DuplicateKeyException e, HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .body(problem(HttpStatus.CONFLICT, "duplicate", new Object[0], request));
    }

    /**
     * The store broke off in the middle of a call (the driver's connection closed or no server
     * answered): a 503 with Retry-After, like the calls refused before they start while the store is
     * away (StoreAvailability).
     */
    @ExceptionHandler(DataAccessResourceFailureException.class)
    ResponseEntity<ProblemDetail> storeUnavailable(DataAccessResourceFailureException e, HttpServletRequest request) {
        log.warn("The store failed during {} {}: {}", request.getMethod(), request.getRequestURI(), e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(StoreAvailability.RETRY_AFTER_SECONDS))
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "store-unavailable", new Object[0], request));
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ProblemDetail> denied(AccessDeniedException e, HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.FORBIDDEN)
                .body(problem(HttpStatus.FORBIDDEN, "forbidden", new Object[0], request));
    }

    /**
     * A {@code multipart/*} body that cannot be parsed (no boundary parameter, no closing
     * boundary, a part without headers): the servlet container refuses it while the request is
     * prepared, whatever the endpoint, so it is the caller's error.
     */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ProblemDetail> malformedMultipart(MultipartException e,
                                                     HttpServletRequest request) {
        log.debug("Malformed multipart body on {} {}: {}", request.getMethod(), request.getRequestURI(), e.toString());
        return ResponseEntity.badRequest()
                .body(problem(HttpStatus.BAD_REQUEST, "malformed-multipart", new Object[0], request));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        log.error("Unexpected error on {} {}", request.getMethod(), request.getRequestURI(), e);
        return ResponseEntity.internalServerError()
                .body(problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal", new Object[0], request));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        HttpServletRequest servlet = ((ServletWebRequest) request).getRequest();
        Locale locale = Problems.locale(servlet);
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", new Object[0], servlet);
        // every wrong field of the form at once, each named as the screen labels it
        List<Map<String, Object>> errors = e.getBindingResult().getFieldErrors().stream()
                .map(error -> describe(e.getBindingResult().getObjectName(), error, locale))
                .toList();
        problem.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(problem);
    }

    /** One wrong field of a request body, as the admin reads it. */
    private Map<String, Object> describe(String objectName, FieldError error,
                                         Locale locale) {
        if (error.contains(ConstraintViolation.class)) {
            return constraints.describe(objectName, error.getField(), error.unwrap(ConstraintViolation.class), locale);
        }
        // a binding failure without a constraint (a type mismatch): "the value of <label> is not valid"
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("field", error.getField());
        entry.put("code", "invalid");
        entry.put("message", messages.getMessage("constraint.invalid", new Object[] {
                new DefaultMessageSourceResolvable(new String[] {
                        "field." + objectName + "." + error.getField(), "field." + error.getField(), "constraint.unnamed"},
                        error.getField())}, locale));
        return entry;
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        HttpServletRequest servlet = ((ServletWebRequest) request).getRequest();
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof PlainText.ForbiddenCharacters) {
                return ResponseEntity.badRequest()
                        .body(problem(HttpStatus.BAD_REQUEST, "forbidden-characters", new Object[0], servlet));
            }
            if (cause instanceof UnrecognizedPropertyException unknown) {
                ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "unknown-field", new Object[0], servlet);
                // for the developer of a client: the detail a person reads names no internal field
                problem.setProperty("field", unknown.getPropertyName());
                return ResponseEntity.badRequest().body(problem);
            }
        }
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "malformed-body", new Object[0], servlet));
    }

    /**
     * Everything else Spring MVC refuses before or while binding (a method the path does not
     * take, a content type it does not read, {@code size=abc}, a missing parameter, an unknown
     * path): Spring's own problem has the type {@code about:blank} and an English detail naming
     * Java types, so it is replaced by the kit's problem for its status, in the caller's language.
     * Headers Spring set (such as {@code Allow} or {@code Accept}) are kept.
     */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        if (request instanceof ServletWebRequest servlet && (body == null
                || body instanceof ProblemDetail detail && (detail.getType() == null
                || "about:blank".equals(detail.getType().toString())))) {
            HttpStatus known = HttpStatus.resolve(status.value());
            HttpStatus answered = known == null ? HttpStatus.BAD_REQUEST : known;
            if (answered.is5xxServerError()) {
                log.error("Unexpected error on {} {}", servlet.getRequest().getMethod(),
                        servlet.getRequest().getRequestURI(), e);
            }
            body = problem(answered, slugOf(answered), new Object[0], servlet.getRequest());
        }
        return super.handleExceptionInternal(e, body, headers, status, request);
    }

    /** The kit's problem type for a status Spring MVC answers with itself. */
    static String slugOf(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> "no-such-path";
            case METHOD_NOT_ALLOWED -> "method-not-allowed";
            case NOT_ACCEPTABLE -> "not-acceptable";
            case UNSUPPORTED_MEDIA_TYPE -> "unsupported-media-type";
            case PAYLOAD_TOO_LARGE -> "request-too-large";
            case SERVICE_UNAVAILABLE -> "unavailable";
            default -> status.is5xxServerError() ? "internal" : "invalid-parameter";
        };
    }

    private ProblemDetail problem(HttpStatus status, String slug, Object[] args, HttpServletRequest request) {
        Locale locale = Problems.locale(request);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status,
                messages.getMessage("problem." + slug, args, slug, locale));
        problem.setType(Problems.type(slug));
        problem.setTitle(messages.getMessage("problem." + slug + ".title", args, status.getReasonPhrase(), locale));
        problem.setInstance(URI.create(request.getRequestURI()));
        String requestId = MDC.get("traceId");
        if (requestId != null) {
            problem.setProperty("requestId", requestId);
        }
        return problem;
    }
}
