package org.sra.kit.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.sra.events.EventCodec;
import org.sra.events.audit.AuditRecorded;

/**
 * An audit entry names its target as the console does, and only actions the console can name are
 * recorded.
 */
class AuditEntriesTests {

    /** A document of a test: records what it is told to. */
    static final class Gadget extends AggregateDocument {

        void recorded(String action, Object before, Object after) {
            audit("t-1", action, "device", "d-1", before, after);
        }

        void recordedAs(String action, String name, Object after) {
            audit("t-1", action, "device", "d-1", name, null, after);
        }

        AuditRecorded entry() {
            return (AuditRecorded) EventCodec.decode(pendingEvents().getLast().envelope()).payload();
        }
    }

    @Test
    void theTargetIsNamedFromTheViewOrAsTold() {
        Gadget gadget = new Gadget();

        gadget.recorded("DEVICE_UPDATED", Map.of("name", "pc-1"), Map.of("name", "pc-2", "connectionAllowed", true));
        assertThat(gadget.entry().targetName()).as("the name after the change").isEqualTo("pc-2");
        gadget.recorded("DEVICE_DELETED", Map.of("name", "pc-2"), null);
        assertThat(gadget.entry().targetName()).as("a deleted thing's name before").isEqualTo("pc-2");
        gadget.recorded("SETTINGS_DNS_CHANGED", Map.of("primaryDns", "192.0.2.1"), Map.of("primaryDns", "192.0.2.2"));
        assertThat(gadget.entry().targetName()).as("a setting has no name").isNull();
        gadget.recordedAs("DEVICE_ASSIGNED", "pc-2", Map.of("userName", "taro"));
        assertThat(gadget.entry().targetName()).as("the device, not the user it went to").isEqualTo("pc-2");
    }

    @Test
    void anActionTheConsoleCannotNameIsRefused() {
        Gadget gadget = new Gadget();

        assertThatThrownBy(() -> gadget.recorded("GADGET_POLISHED", null, Map.of("name", "pc-1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GADGET_POLISHED");
        assertThat(gadget.pendingEvents()).isEmpty();
    }
}
