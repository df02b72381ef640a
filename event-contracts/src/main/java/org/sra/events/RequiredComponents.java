package org.sra.events;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Finds the required components of a payload record that are null. A component is required
 * unless its type is annotated {@code @Nullable}; nested records are checked the same way.
 */
final class RequiredComponents {

    private RequiredComponents() {
    }

    /** Paths of the missing required components, e.g. {@code activeDirectory.domain}; empty when complete. */
    static List<String> missingIn(Record record) {
        List<String> missing = new ArrayList<>();
        collect(record, "", missing);
        return missing;
    }

    private static void collect(Record record, String prefix, List<String> missing) {
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            Object value = valueOf(record, component);
            String path = prefix + component.getName();
            if (value == null) {
                if (!component.getAnnotatedType().isAnnotationPresent(Nullable.class)) {
                    missing.add(path);
                }
            } else if (value instanceof Record nested) {
                collect(nested, path + ".", missing);
            }
        }
    }

    private static Object valueOf(Record record, RecordComponent component) {
        try {
            var accessor = component.getAccessor();
            accessor.setAccessible(true);
            return accessor.invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component, e);
        }
    }
}
