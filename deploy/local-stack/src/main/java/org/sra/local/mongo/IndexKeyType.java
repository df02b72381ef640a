package org.sra.local.mongo;

import java.time.Instant;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.h2.mvstore.type.ObjectDataType;

import de.bwaldvogel.mongo.backend.KeyValue;

/**
 * The key type of the store's unique indexes: keys are written to disk exactly as H2's
 * {@link ObjectDataType} writes them, but two keys are compared in memory.
 *
 * <p>mongo-java-server's {@link KeyValue} is not {@link Comparable}, so {@code ObjectDataType}
 * orders two of them by serializing both with Java serialization on every comparison of the
 * B-tree's binary search: a lookup in an index of 30,000 keys serialized about 30 objects, and
 * that was half of the store's CPU time while a bulk import's events were handled. The order
 * here only has to be total, stable across restarts (the tree on disk is sorted by it) and
 * consistent with {@link KeyValue#equals}: the indexes are only asked for equal keys (a find by
 * the keys, or {@code $in}), never for ranges.
 */
final class IndexKeyType extends ObjectDataType {

    @Override
    public int compare(Object a, Object b) {
        if (a instanceof KeyValue left && b instanceof KeyValue right) {
            return compareKeys(left, right);
        }
        return super.compare(a, b);
    }

    static int compareKeys(KeyValue a, KeyValue b) {
        int bySize = Integer.compare(a.size(), b.size());
        if (bySize != 0) {
            return bySize;
        }
        for (int i = 0; i < a.size(); i++) {
            int byValue = compareValues(a.get(i), b.get(i));
            if (byValue != 0) {
                return byValue;
            }
        }
        return 0;
    }

    /** Values of different classes by class name, then by value; anything else by its serialized form. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compareValues(Object a, Object b) {
        if (a == b) {
            return 0;
        }
        if (a == null || b == null) {
            return a == null ? -1 : 1;
        }
        Class<?> type = a.getClass();
        if (type != b.getClass()) {
            return type.getName().compareTo(b.getClass().getName());
        }
        if (a instanceof String || a instanceof Long || a instanceof Integer || a instanceof Double
                || a instanceof Boolean || a instanceof Date || a instanceof UUID || a instanceof Instant) {
            // compareTo of these classes is 0 exactly when equals is true
            return ((Comparable) a).compareTo(b);
        }
        if (a instanceof Map<?, ?> left && b instanceof Map<?, ?> right) {
            int bySize = Integer.compare(left.size(), right.size());
            if (bySize != 0) {
                return bySize;
            }
            Iterator<? extends Map.Entry<?, ?>> l = left.entrySet().iterator();
            Iterator<? extends Map.Entry<?, ?>> r = right.entrySet().iterator();
            while (l.hasNext()) {
                Map.Entry<?, ?> x = l.next();
                Map.Entry<?, ?> y = r.next();
                int c = compareValues(x.getKey(), y.getKey());
                if (c == 0) {
                    c = compareValues(x.getValue(), y.getValue());
                }
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        }
        if (a instanceof List<?> left && b instanceof List<?> right) {
            int bySize = Integer.compare(left.size(), right.size());
            if (bySize != 0) {
                return bySize;
            }
            for (int i = 0; i < left.size(); i++) {
                int c = compareValues(left.get(i), right.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        }
        // ObjectId, binary data, Missing, …: rare in keys; their serialized forms are equal when they are
        return compareNotNull(serialize(a), serialize(b));
    }
}
