package org.sra.kit.error;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSourceResolvable;

/**
 * One thing wrong with one field of a form, a request or a CSV row. The admin reads the message
 * {@code messageKey} with {@code args} in their language; an argument made by {@link #label}
 * becomes the field's screen label there.
 *
 * @param field      the request field or CSV column, e.g. {@code macAddress}
 * @param code       stable code for clients, e.g. {@code mac-invalid}
 * @param messageKey key in {@code messages*.properties}, e.g. {@code violation.mac-invalid}
 * @param args       the message's arguments
 * @param line       the CSV line the error is on, 0 when it is no CSV row
 */
public record FieldError(String field, String code, String messageKey, List<@Nullable Object> args, int line) {

    public FieldError {
        args = Collections.unmodifiableList(new ArrayList<>(args));
    }

    /** An error with the message {@code messageKey} filled with {@code args}. */
    public static FieldError of(String field, String code, String messageKey, @Nullable Object... args) {
        return new FieldError(field, code, messageKey, Arrays.asList(args), 0);
    }

    /**
     * An error whose message ({@code <messagePrefix><code>}) names the field as its screen label
     * ({@code field.<field>}, else the field itself) in {@code {0}}, followed by {@code args}.
     */
    public static FieldError labelled(String messagePrefix, String field, String code, @Nullable Object... args) {
        List<@Nullable Object> all = new ArrayList<>(args.length + 1);
        all.add(label("field." + field, field));
        all.addAll(Arrays.asList(args));
        return new FieldError(field, code, messagePrefix + code, all, 0);
    }

    /** The same error on a CSV line. */
    public FieldError atLine(int line) {
        return new FieldError(field, code, messageKey, args, line);
    }

    /** A message argument that is itself a message ({@code key}, else {@code fallback}), e.g. a screen label. */
    public static Object label(String key, String fallback) {
        return new Label(key, fallback);
    }

    /** Resolved by the message source when the message is rendered. */
    record Label(String key, String fallback) implements MessageSourceResolvable {

        @Override
        public String[] getCodes() {
            return new String[] {key};
        }

        @Override
        public String getDefaultMessage() {
            return fallback;
        }

        @Override
        public String toString() {
            return fallback;
        }
    }
}
