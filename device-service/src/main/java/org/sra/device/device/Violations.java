package org.sra.device.device;

import java.util.List;

import org.sra.kit.error.DomainException;
import org.sra.kit.error.FieldError;

/**
 * The device rules' field errors: message {@code violation.<code>} in {@code messages*.properties},
 * with the field's screen label ({@code field.<field>}) as {@code {0}} and the arguments after it.
 */
public final class Violations {

    private Violations() {
    }

    /**
     * @param field the request field or CSV column, e.g. {@code macAddress}
     * @param code  stable code, e.g. {@code mac-invalid}
     */
    public static FieldError of(String field, String code, Object... args) {
        return FieldError.labelled("violation.", field, code, args);
    }

    /** A form that breaks the rules: 400 {@code device-invalid} listing every error. */
    public static DomainException invalidForm(List<FieldError> errors) {
        return DomainException.invalidFields("device-invalid", errors, errors.size());
    }
}
