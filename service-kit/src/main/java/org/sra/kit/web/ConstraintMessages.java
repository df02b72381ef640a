package org.sra.kit.web;

import java.lang.reflect.Field;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.context.NoSuchMessageException;
import org.springframework.context.support.DefaultMessageSourceResolvable;

/**
 * The admin's text of a Bean Validation failure on a request field: never the validator's own
 * text ("size must be between 16 and 128", 「1 以上の値にしてください」) but the kit's wording
 * ({@code constraint.*} in {@code sra-kit-messages*.properties}) naming the field as the screen
 * labels it and giving the limits, e.g. 「共有シークレット」は 16～128 文字で入力してください。
 * <p>
 * The label is the service's {@code field.<request>.<field>} (the request record's name with a
 * lower-case first letter, for a field name two forms share), else {@code field.<field>}; a
 * service may still word one case itself with Spring's codes ({@code Size.recipient}, ...).
 * Each entry is {@code {field, code, message}}; {@code code} is the kind of failure
 * ({@code required}, {@code too-long}, {@code out-of-range}, ...).
 */
final class ConstraintMessages {

    private final MessageSource messages;

    ConstraintMessages(MessageSource messages) {
        this.messages = messages;
    }

    /**
     * One failure: {@code field} as the request names it ({@code profileIds[2]} for an element),
     * {@code objectName} the request's name ({@code newNasClient}).
     */
    Map<String, Object> describe(String objectName, String field, ConstraintViolation<?> violation, Locale locale) {
        String annotation = violation.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName();
        Map<String, Object> attributes = violation.getConstraintDescriptor().getAttributes();
        String base = field.replaceAll("\\[[^]]*]", "");
        String simple = base.substring(base.lastIndexOf('.') + 1);
        Object label = new DefaultMessageSourceResolvable(
                new String[] {"field." + objectName + "." + base, "field." + base, "field." + simple, "constraint.unnamed"},
                simple);
        Kind kind = kind(annotation, attributes, violation, simple);
        // a service's own wording of this case, by Spring's codes naming this field (Size.newGadget.note,
        // Size.note; an element of a list also without its index), never by type or constraint alone
        String[] own = Stream.of(objectName + "." + field, objectName + "." + base, field, base)
                .map(path -> annotation + "." + path).distinct().toArray(String[]::new);
        String message;
        try {
            message = messages.getMessage(new DefaultMessageSourceResolvable(own, new Object[] {label}), locale);
        } catch (NoSuchMessageException none) {
            message = messages.getMessage("constraint." + kind.key, new Object[] {label, kind.low, kind.high}, locale);
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("field", field);
        entry.put("code", kind.code);
        entry.put("message", message);
        return entry;
    }

    /** Which message, its code, and the limits it shows. */
    private record Kind(String key, String code, @Nullable Object low, @Nullable Object high) {
    }

    private static Kind kind(String annotation, Map<String, Object> attributes, ConstraintViolation<?> violation,
                             String property) {
        return switch (annotation) {
            case "NotBlank", "NotNull", "NotEmpty" -> new Kind("required", "required", null, null);
            case "Size" -> size(attributes, violation.getInvalidValue());
            case "Min", "Max", "DecimalMin", "DecimalMax", "Positive", "PositiveOrZero", "Negative", "NegativeOrZero" ->
                    range(violation, property);
            case "Email" -> new Kind("email", "invalid-format", null, null);
            case "Pattern" -> new Kind("pattern", "invalid-format", null, null);
            default -> new Kind("invalid", "invalid", null, null);
        };
    }

    private static Kind size(Map<String, Object> attributes, @Nullable Object value) {
        int min = ((Number) attributes.getOrDefault("min", 0)).intValue();
        int max = ((Number) attributes.getOrDefault("max", Integer.MAX_VALUE)).intValue();
        boolean items = value instanceof Collection<?> || value instanceof Map<?, ?> || value != null && value.getClass().isArray();
        String unit = items ? "count" : "size";
        String code = items ? "too-many" : "too-long";
        if (max == Integer.MAX_VALUE) {
            return new Kind(unit + "-min", items ? "too-few" : "too-short", min, null);
        }
        if (min <= 0 || min == 1 && items) {
            return new Kind(unit + "-max", code, min, max);
        }
        return new Kind(unit + "-range", code, min, max);
    }

    /**
     * A number's limits: both ends when the field has {@code @Min} and {@code @Max} (the admin sees
     * 「1～100」, not one end per submit), else the one that failed.
     */
    private static Kind range(ConstraintViolation<?> violation, String property) {
        Long low = null;
        Long high = null;
        Object limit = violation.getConstraintDescriptor().getAttributes().get("value");
        switch (violation.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName()) {
            case "Min" -> low = ((Number) limit).longValue();
            case "Max" -> high = ((Number) limit).longValue();
            case "Positive" -> low = 1L;
            case "PositiveOrZero" -> low = 0L;
            default -> {
                return new Kind("invalid", "out-of-range", null, null);
            }
        }
        Class<?> type = violation.getLeafBean() != null ? violation.getLeafBean().getClass() : violation.getRootBeanClass();
        Field declared = declaredField(type, property);
        if (declared != null) {
            Min min = declared.getAnnotation(Min.class);
            Max max = declared.getAnnotation(Max.class);
            low = low == null && min != null ? Long.valueOf(min.value()) : low;
            high = high == null && max != null ? Long.valueOf(max.value()) : high;
        }
        if (low != null && high != null) {
            return new Kind("range", "out-of-range", low, high);
        }
        return low != null ? new Kind("min", "out-of-range", low, null) : new Kind("max", "out-of-range", null, high);
    }

    private static @Nullable Field declaredField(Class<?> type, String name) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                return c.getDeclaredField(name);
            } catch (NoSuchFieldException e) {
                // look in the superclass
            }
        }
        return null;
    }
}
