package org.sra.kit.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.context.MessageSource;
import org.sra.kit.error.FieldError;

/**
 * The admin's text of {@link FieldError}s, as problem details and reports (a CSV dry run) show
 * them: {@code {line?, field, code, message}}, the line only for CSV rows.
 */
public class FieldErrorMessages {

    private final MessageSource messages;

    public FieldErrorMessages(MessageSource messages) {
        this.messages = messages;
    }

    public String text(FieldError error, Locale locale) {
        return messages.getMessage(error.messageKey(), error.args().toArray(), error.code(), locale);
    }

    public Map<String, Object> describe(FieldError error, Locale locale) {
        Map<String, Object> described = new LinkedHashMap<>();
        if (error.line() > 0) {
            described.put("line", error.line());
        }
        described.put("field", error.field());
        described.put("code", error.code());
        described.put("message", text(error, locale));
        return described;
    }

    public List<Map<String, Object>> describe(List<FieldError> errors, Locale locale) {
        return errors.stream().map(error -> describe(error, locale)).toList();
    }
}
