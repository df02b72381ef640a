package org.sra.kit.testapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.sra.kit.test.HostileInputSweep;
import org.sra.kit.test.HostileInputSweep.Violation;
import org.sra.kit.test.SraIntegrationTest;

/**
 * The sweep over the kit's test application: the widget endpoints (built on the kit's request
 * hygiene) come out clean, and every careless habit of {@link SloppyController} is named with its
 * operation and input, including the store change, so the sweep can fail.
 */
@SraIntegrationTest
@AutoConfigureTestRestTemplate
class HostileInputSweepIntegrationTests {

    @LocalServerPort
    int port;
    @Autowired
    MongoTemplate mongo;

    @Test
    void theKitsOwnEndpointsPassAndEveryCarelessHabitIsFound() {
        HostileInputSweep.Report report = HostileInputSweep.against(port, mongo).tenantAdmin("tenant-sweep")
                .pathValue("id", "no-such-widget")
                .run();

        assertThat(report.operations()).contains("POST /api/widgets", "GET /api/widgets", "GET /api/widgets/{id}",
                "GET /api/operator/whoami", "POST /api/sloppy/notes", "GET /api/sloppy/notes",
                "PUT /api/sloppy/notes/{id}");
        List<Violation> found = report.violations();
        assertThat(found).as("the widget endpoints").filteredOn(v -> !v.operation().contains("/sloppy")
                && !v.operation().equals("(store)")).isEmpty();

        assertThat(found).anyMatch(at("PUT /api/sloppy/notes/{id}", "json-empty", "500"))
                .anyMatch(at("POST /api/sloppy/notes", "json-empty", "accepted: 201"))
                .anyMatch(at("POST /api/sloppy/notes", "*", "changed the store: [" + SloppyController.COLLECTION + "]"))
                .anyMatch(at("GET /api/sloppy/notes", "size-huge", "accepted: 200"))
                .anyMatch(at("GET /api/sloppy/notes", "page-negative", "400 as text/plain"))
                .anyMatch(at("(store)", "*", SloppyController.COLLECTION + " "))
                .anyMatch(v -> v.operation().equals("(store)") && v.what().contains("added"));
        // what the kit refuses for every endpoint, the careless ones too
        assertThat(found).noneMatch(v -> v.input().startsWith("multipart") || v.input().startsWith("json-nul")
                || v.input().startsWith("json-misspelt")
                || v.input().startsWith("json-int") || v.input().equals("uri-too-long")
                || v.input().equals("wrong-content-type") || v.input().equals("size-text"));
    }

    @Test
    void anExceptionThatNoLongerMatchesIsAViolationToo() {
        HostileInputSweep.Report report = HostileInputSweep.against(port, mongo).tenantAdmin("tenant-sweep-2")
                .skip("POST /api/sloppy/notes", "careless on purpose")
                .skip("GET /api/sloppy/notes", "careless on purpose")
                .skip("PUT /api/sloppy/notes/{id}", "careless on purpose")
                .accepts("GET /api/widgets", "size-huge", "no such parameter: nothing to accept")
                .skip("GET /api/nothing-here", "no such operation")
                .run();

        assertThat(report.violations()).extracting(Violation::toString).containsExactlyInAnyOrder(
                "GET /api/widgets [size-huge]: exception no longer needed (accepts: no such parameter: nothing to accept)",
                "GET /api/nothing-here [*]: skipped operation does not exist");
    }

    private static Predicate<Violation> at(String operation, String input, String what) {
        return v -> v.operation().equals(operation) && v.input().equals(input) && v.what().contains(what);
    }
}
