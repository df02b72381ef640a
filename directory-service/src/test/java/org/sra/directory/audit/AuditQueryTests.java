package org.sra.directory.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class AuditQueryTests {

    @Test
    void nothingGivenMeansEverythingNewestFirstFiftyAPage() {
        assertThat(AuditQuery.parse(null, "", null, " ", "", " ", null, null))
                .isEqualTo(new AuditQuery(null, null, null, null, null, null, 0, 50));
    }

    @Test
    void filtersAreReadAsTyped() {
        assertThat(AuditQuery.parse("2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z", "yamada", "DEVICE_UPDATED",
                "device", " pc-01 ", "2", "10")).isEqualTo(new AuditQuery(Instant.parse("2026-11-01T00:00:00Z"),
                Instant.parse("2026-12-01T00:00:00Z"), "yamada", "DEVICE_UPDATED", "device", "pc-01", 2, 10));
    }

    @Test
    void anUnreadableParameterIsNamed() {
        assertThatThrownBy(() -> AuditQuery.parse("yesterday", null, null, null, null, null, null, null))
                .isInstanceOfSatisfying(AuditQuery.InvalidParameter.class, e -> assertThat(e.field()).isEqualTo("from"));
        assertThatThrownBy(() -> AuditQuery.parse("2026-12-01T00:00:00Z", "2026-11-01T00:00:00Z", null, null, null,
                null, null, null)).isInstanceOfSatisfying(AuditQuery.InvalidParameter.class,
                e -> assertThat(e.field()).isEqualTo("to"));
        assertThatThrownBy(() -> AuditQuery.parse(null, null, null, null, null, null, null, "500"))
                .isInstanceOfSatisfying(AuditQuery.InvalidParameter.class, e -> assertThat(e.field()).isEqualTo("size"));
        assertThatThrownBy(() -> AuditQuery.parse(null, null, null, null, null, null, "x", null))
                .isInstanceOfSatisfying(AuditQuery.InvalidParameter.class, e -> assertThat(e.field()).isEqualTo("page"));
        assertThatThrownBy(() -> AuditQuery.parse(null, null, null, null, null, "x".repeat(201), null, null))
                .isInstanceOfSatisfying(AuditQuery.InvalidParameter.class, e -> assertThat(e.field()).isEqualTo("target"));
    }
}
