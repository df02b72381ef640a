package org.sra.events;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Finds the required components of a payload record that are null. A component is required
 * unless its type is annotated {@code @Nullable}; nested records are checked the same way.
 *
 * <p>Every event is checked when it is encoded and decoded, so the reflection is done once per
 * record class: its components' names, whether each may be null, and an accessor handle.
 */
final class RequiredComponents {

    /** One component of a record class, as the check needs it. */
    private record Component(String name, boolean nullable, MethodHandle accessor) {
    }

    private static final ClassValue<Component[]> COMPONENTS = new ClassValue<>() {
        @Override
        protected Component[] computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            Component[] result = new Component[components.length];
            for (int i = 0; i < components.length; i++) {
                RecordComponent component = components[i];
                try {
                    var accessor = component.getAccessor();
                    accessor.setAccessible(true);
                    result[i] = new Component(component.getName(),
                            component.getAnnotatedType().isAnnotationPresent(Nullable.class),
                            MethodHandles.lookup().unreflect(accessor));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot read " + component, e);
                }
            }
            return result;
        }
    };

    private RequiredComponents() {
    }

    /** Paths of the missing required components, e.g. {@code activeDirectory.domain}; empty when complete. */
    static List<String> missingIn(Record record) {
        List<String> missing = new ArrayList<>(0);
        collect(record, "", missing);
        return missing;
    }

    private static void collect(Record record, String prefix, List<String> missing) {
        for (Component component : COMPONENTS.get(record.getClass())) {
            Object value = valueOf(record, component);
            if (value == null) {
                if (!component.nullable()) {
                    missing.add(prefix + component.name());
                }
            } else if (value instanceof Record nested) {
                collect(nested, prefix + component.name() + ".", missing);
            }
        }
    }

    private static Object valueOf(Record record, Component component) {
        try {
            return component.accessor().invoke(record);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot read " + component.name() + " of " + record.getClass(), e);
        }
    }
}
