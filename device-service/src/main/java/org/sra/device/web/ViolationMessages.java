package org.sra.device.web;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.sra.device.device.InvalidInputException;
import org.sra.device.device.Violation;

/** The admin's text for a {@link Violation}: {@code violation.<code>} in {@code messages*.properties}. */
@Component
public class ViolationMessages {

    private final MessageSource messages;

    ViolationMessages(MessageSource messages) {
        this.messages = messages;
    }

    public String text(Violation violation, Locale locale) {
        String field = messages.getMessage("field." + violation.field(), null, violation.field(), locale);
        Object[] args = new Object[violation.args().size() + 1];
        args[0] = field;
        for (int i = 0; i < violation.args().size(); i++) {
            args[i + 1] = violation.args().get(i);
        }
        return messages.getMessage(violation.messageKey(), args, violation.code(), locale);
    }

    /** {@code {line?, field, code, message}}; the line only for CSV rows. */
    public Map<String, Object> describe(InvalidInputException.Located located, Locale locale) {
        Map<String, Object> error = new LinkedHashMap<>();
        if (located.line() > 0) {
            error.put("line", located.line());
        }
        error.put("field", located.violation().field());
        error.put("code", located.violation().code());
        error.put("message", text(located.violation(), locale));
        return error;
    }
}
