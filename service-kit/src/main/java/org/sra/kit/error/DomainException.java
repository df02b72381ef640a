package org.sra.kit.error;

import java.util.List;
import java.util.Map;

/**
 * A domain error an admin should read, raised by application code that knows nothing of HTTP:
 * its {@link Kind}, a stable slug (the problem type {@code urn:sra:problem:<slug>} and the
 * message key {@code problem.<slug>} in the service's {@code messages*.properties}) with its
 * arguments, extra properties for the problem body (e.g. the ids concerned) and, for bad input,
 * one {@link FieldError} per wrong field. The kit's {@code ProblemHandler} answers it.
 */
public class DomainException extends RuntimeException {

    /** What kind of error; the web layer picks the status from it. */
    public enum Kind {
        /** The input breaks a rule (400). */
        INVALID,
        /** The caller may not do this (403). */
        FORBIDDEN,
        /** What the request names does not exist for the caller's tenant (404). */
        NOT_FOUND,
        /** The request clashes with the current state (409). */
        CONFLICT,
        /** Well-formed, but what it names cannot be used, e.g. a directory that does not answer as asked (422). */
        UNPROCESSABLE,
        /** The caller is not signed in, or their sign-in failed or ended (401). */
        UNAUTHENTICATED,
        /** Too many attempts; properties say when to try again ({@code retryAfter}, seconds) (429). */
        TOO_MANY_REQUESTS,
        /** Something this service depends on answered with a refusal (502). */
        UPSTREAM_REFUSED,
        /** Something this service depends on cannot be reached right now; try again later (503). */
        UNAVAILABLE
    }

    private final Kind kind;
    private final String slug;
    private final Object[] args;
    private final Map<String, Object> properties;
    private final List<FieldError> fieldErrors;

    public DomainException(Kind kind, String slug, Map<String, Object> properties, List<FieldError> fieldErrors,
                           Object... args) {
        super(slug);
        this.kind = kind;
        this.slug = slug;
        this.args = args.clone();
        this.properties = Map.copyOf(properties);
        this.fieldErrors = List.copyOf(fieldErrors);
    }

    public DomainException(Kind kind, String slug, Object... args) {
        this(kind, slug, Map.of(), List.of(), args);
    }

    /** With properties for the problem body, e.g. the ids concerned or the field in question. */
    public DomainException(Kind kind, String slug, Map<String, Object> properties, Object... args) {
        this(kind, slug, properties, List.of(), args);
    }

    public static DomainException notFound(String slug, Object... args) {
        return new DomainException(Kind.NOT_FOUND, slug, args);
    }

    public static DomainException conflict(String slug, Object... args) {
        return new DomainException(Kind.CONFLICT, slug, args);
    }

    public static DomainException invalid(String slug, Object... args) {
        return new DomainException(Kind.INVALID, slug, args);
    }

    public static DomainException unauthenticated(String slug, Object... args) {
        return new DomainException(Kind.UNAUTHENTICATED, slug, args);
    }

    public static DomainException forbidden(String slug, Object... args) {
        return new DomainException(Kind.FORBIDDEN, slug, args);
    }

    /** Bad input naming every wrong field; {@code args} fill the problem's own message. */
    public static DomainException invalidFields(String slug, List<FieldError> fieldErrors, Object... args) {
        return new DomainException(Kind.INVALID, slug, Map.of(), fieldErrors, args);
    }

    public Kind kind() {
        return kind;
    }

    public String slug() {
        return slug;
    }

    public Object[] args() {
        return args.clone();
    }

    public Map<String, Object> properties() {
        return properties;
    }

    public List<FieldError> fieldErrors() {
        return fieldErrors;
    }
}
