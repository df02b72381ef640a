package org.sra.device.device;

import java.util.List;

/**
 * One thing wrong with one field. The admin's text is the message {@code violation.<code>} with
 * {@code args}, in the caller's language.
 *
 * @param field the request field or CSV column, e.g. {@code macAddress}
 * @param code  stable code, e.g. {@code mac-invalid}
 */
public record Violation(String field, String code, List<Object> args) {

    public Violation {
        args = List.copyOf(args);
    }

    public static Violation of(String field, String code, Object... args) {
        return new Violation(field, code, List.of(args));
    }

    public String messageKey() {
        return "violation." + code;
    }
}
