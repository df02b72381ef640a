package org.sra.local.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;

/** The in-memory order of index keys: total, and 0 exactly for keys that are equal. */
class IndexKeyTypeTests {

    private final IndexKeyType type = new IndexKeyType();

    @Test
    void keysCompareZeroExactlyWhenEqualAndTheOrderIsAntisymmetricAndTransitive() {
        List<KeyValue> keys = new ArrayList<>();
        Object[] values = {"a", "b", "", 1, 2, 1L, 1.0, -0.0, 0.0, true, false, new Date(5), new Date(6),
                UUID.fromString("00000000-0000-0000-0000-000000000001"), new ObjectId(), new ObjectId(), Missing.getInstance(),
                null, new Document("x", 1), new Document("x", 2), List.of("a", "b"), List.of("a")};
        for (Object value : values) {
            keys.add(new KeyValue(Collections.singletonList(value)));
            keys.add(new KeyValue(Arrays.asList("t-1", value)));
        }
        for (KeyValue a : keys) {
            for (KeyValue b : keys) {
                int ab = type.compare(a, b);
                assertThat(ab == 0).as("%s vs %s", a, b).isEqualTo(a.equals(b) || bothMissing(a, b));
                assertThat(Integer.signum(ab)).as("%s vs %s", a, b).isEqualTo(-Integer.signum(type.compare(b, a)));
                for (KeyValue c : keys) {
                    if (ab < 0 && type.compare(b, c) < 0) {
                        assertThat(type.compare(a, c)).as("%s < %s < %s", a, b, c).isNegative();
                    }
                }
            }
        }
    }

    @Test
    void equalKeysBuiltApartCompareZero() {
        assertThat(type.compare(new KeyValue("t-1", "pc-1"), new KeyValue("t-1", "pc-" + 1))).isZero();
        assertThat(type.compare(new KeyValue("t-1", 3L), new KeyValue("t-1", 3L))).isZero();
        assertThat(type.compare(new KeyValue("t-1", 3L), new KeyValue("t-1", 3))).isNotZero();
    }

    private static boolean bothMissing(KeyValue a, KeyValue b) {
        return a.size() == b.size() && a.get(a.size() - 1) instanceof Missing && b.get(b.size() - 1) instanceof Missing
                && (a.size() == 1 || a.get(0).equals(b.get(0)));
    }
}
