package org.sra.device.device;

import java.util.List;

import org.sra.kit.error.DomainException;
import org.sra.kit.error.FieldError;
import org.sra.kit.web.PlainText;

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
        return FieldError.labelled("violation.", field, code, shown(args));
    }

    /** Most characters of a value a message repeats: a CSV cell may hold tens of thousands. */
    static final int MAX_SHOWN = 100;

    /** The arguments as a message shows them: control characters as ?, text longer than {@link #MAX_SHOWN} cut, with "…". */
    private static Object[] shown(Object... args) {
        Object[] out = args.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] instanceof String text) {
                out[i] = PlainText.echo(text);
            }
        }
        return out;
    }

    /** A form that breaks the rules: 400 {@code device-invalid} listing every error. */
    public static DomainException invalidForm(List<FieldError> errors) {
        return DomainException.invalidFields("device-invalid", errors, errors.size());
    }
}
