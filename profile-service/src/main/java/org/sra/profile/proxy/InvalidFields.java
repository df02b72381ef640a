package org.sra.profile.proxy;

import java.util.List;

/** Input that breaks a rule of the spec; answered as a 400 problem with one message per field. */
public class InvalidFields extends RuntimeException {

    private final List<FieldViolation> violations;

    public InvalidFields(List<FieldViolation> violations) {
        super("invalid fields: " + violations.stream().map(FieldViolation::field).toList());
        this.violations = List.copyOf(violations);
    }

    public List<FieldViolation> violations() {
        return violations;
    }
}
