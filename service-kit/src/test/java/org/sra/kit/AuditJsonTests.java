package org.sra.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.sra.kit.audit.AuditJson;

/** R-ACC-5: before/after in the audit trail never show a secret. */
class AuditJsonTests {

    record Nas(String name, String sharedSecret, Map<String, Object> directory, List<Map<String, String>> admins) {
    }

    @Test
    void masksSecretLookingFieldsAtAnyDepth() {
        String json = AuditJson.of(new Nas("hq", "s3cret", Map.of("host", "dc1", "adminPassword", "pw"),
                List.of(Map.of("login", "a", "apiToken", "t0k"))));
        assertThat(json).contains("\"name\":\"hq\"").contains("\"host\":\"dc1\"").contains("\"login\":\"a\"")
                .doesNotContain("s3cret").doesNotContain("\"pw\"").doesNotContain("t0k")
                .contains("\"sharedSecret\":\"********\"").contains("\"adminPassword\":\"********\"");
    }

    @Test
    void nullStaysNull() {
        assertThat(AuditJson.of(null)).isNull();
    }
}
