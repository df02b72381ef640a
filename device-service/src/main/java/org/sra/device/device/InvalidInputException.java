package org.sra.device.device;

import java.util.List;

/**
 * Input that breaks the rules; answered as a 400 problem listing every violation in the
 * caller's language (see {@code org.sra.device.web}).
 *
 * @param slug the problem type, e.g. {@code device-invalid}
 */
public class InvalidInputException extends RuntimeException {

    /** A violation and the CSV line it came from (0 for a form). */
    public record Located(int line, Violation violation) {
    }

    private final String slug;
    private final List<Located> violations;

    public InvalidInputException(String slug, List<Located> violations) {
        super(slug);
        this.slug = slug;
        this.violations = List.copyOf(violations);
    }

    public static InvalidInputException ofForm(List<Violation> violations) {
        return new InvalidInputException("device-invalid",
                violations.stream().map(v -> new Located(0, v)).toList());
    }

    public String slug() {
        return slug;
    }

    public List<Located> violations() {
        return violations;
    }
}
