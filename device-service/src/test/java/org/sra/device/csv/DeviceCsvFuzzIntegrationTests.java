package org.sra.device.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.http.ResponseEntity;
import org.sra.device.TestApi;
import org.sra.fixtures.fuzz.CsvFuzz;
import org.sra.fixtures.fuzz.Fuzz;
import org.sra.fixtures.fuzz.Mutations;
import org.sra.kit.test.SraIntegrationTest;

/**
 * A handful of fuzzed device CSV files through the HTTP API — dry run in both modes, then the
 * import — against a tenant that has devices: the store look-ups, the commit and the problem
 * rendering that {@link DeviceCsvFuzzTests} leaves out. Never a 5xx; every refusal a problem
 * detail, every per-line error a rendered message.
 */
@SraIntegrationTest
@AutoConfigureTestRestTemplate
class DeviceCsvFuzzIntegrationTests {

    @Autowired
    TestRestTemplate http;

    @Test
    void fuzzedFilesNeverMakeTheApiFail() {
        TestApi admin = TestApi.admin(http, UUID.randomUUID().toString());
        for (int i = 0; i < 5; i++) {
            admin.createDevice(TestApi.serialDevice("pc" + i));
        }
        List<byte[]> valid = new ArrayList<>();
        Random seeds = new Random(13);
        for (int i = 0; i < 5; i++) {
            valid.add(DeviceCsvFuzzTests.validList(seeds).bytes());
        }
        Fuzz.check("device csv over http", 40, Duration.ofSeconds(40), random -> switch (random.nextInt(4)) {
            case 0 -> DeviceCsvFuzzTests.validList(random).bytes();
            case 1 -> CsvFuzz.mutated(random, valid.get(random.nextInt(valid.size())), valid);
            case 2 -> Mutations.randomBytes(random, 2_000);
            default -> CsvFuzz.encode(random, CsvFuzz.file(random, DeviceCsvFuzzTests.HEADERS, 20,
                    DeviceCsvFuzzTests::cell));
        }, bytes -> {
            for (String mode : List.of("create", "update")) {
                answered(admin.postCsv("/api/devices/csv/dry-run?mode=" + mode, bytes), 200, 400);
            }
            answered(admin.postCsv("/api/devices/csv/import?mode=" + (bytes.length % 2 == 0 ? "create" : "update"),
                    bytes), 200, 400, 409);
        });
    }

    @SuppressWarnings("unchecked")
    static void answered(ResponseEntity<Map> answer, int... allowed) {
        assertThat(answer.getStatusCode().value()).isIn(Arrays.stream(allowed).boxed().toList());
        Map<String, Object> body = answer.getBody();
        assertThat(body).isNotNull();
        if (answer.getStatusCode().is4xxClientError()) {
            assertThat(answer.getHeaders().getContentType().toString()).startsWith("application/problem+json");
            assertThat((String) body.get("type")).startsWith("urn:sra:problem:");
            assertThat((String) body.get("detail")).isNotBlank().doesNotStartWith("problem.");
        }
        for (Map<String, Object> error : (List<Map<String, Object>>) body.getOrDefault("errors", List.of())) {
            assertThat((String) error.get("message")).as("a rendered message").isNotBlank()
                    .doesNotStartWith("violation.");
        }
    }
}
