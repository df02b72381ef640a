package org.sra.kit.web;

import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * A domain error an admin should read: status, a stable slug for the problem type, and the
 * message key ({@code problem.<slug>} in the service's {@code messages*.properties}) with its
 * arguments. Extra properties (e.g. the conflicting pool) go into the problem body.
 */
public class ProblemException extends RuntimeException {

    private final HttpStatus status;
    private final String slug;
    private final Object[] args;
    private final Map<String, Object> properties;

    public ProblemException(HttpStatus status, String slug, Object... args) {
        this(status, slug, Map.of(), args);
    }

    public ProblemException(HttpStatus status, String slug, Map<String, Object> properties, Object... args) {
        super(slug);
        this.status = status;
        this.slug = slug;
        this.args = args.clone();
        this.properties = Map.copyOf(properties);
    }

    public static ProblemException notFound(String slug, Object... args) {
        return new ProblemException(HttpStatus.NOT_FOUND, slug, args);
    }

    public static ProblemException conflict(String slug, Object... args) {
        return new ProblemException(HttpStatus.CONFLICT, slug, args);
    }

    public static ProblemException badRequest(String slug, Object... args) {
        return new ProblemException(HttpStatus.BAD_REQUEST, slug, args);
    }

    public static ProblemException forbidden(String slug, Object... args) {
        return new ProblemException(HttpStatus.FORBIDDEN, slug, args);
    }

    public static ProblemException unauthorized() {
        return new ProblemException(HttpStatus.UNAUTHORIZED, "unauthenticated");
    }

    public HttpStatus status() {
        return status;
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
}
