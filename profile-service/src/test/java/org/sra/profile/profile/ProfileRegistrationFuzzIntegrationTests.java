package org.sra.profile.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.sra.events.device.DeviceAssigned;
import org.sra.events.device.DeviceChanged;
import org.sra.events.device.DeviceType;
import org.sra.fixtures.fuzz.CsvFuzz;
import org.sra.fixtures.fuzz.Fuzz;
import org.sra.fixtures.fuzz.Mutations;
import org.sra.kit.test.TestTokens;
import org.sra.profile.support.ProfileIntegrationTest;

/**
 * A handful of fuzzed profile registration CSV files through the HTTP API (dry run and
 * registration) for a tenant with three profiles: the store and the problem rendering that
 * {@link ProfileRegistrationFuzzTests} leaves out. Never a 5xx; every refusal a problem detail.
 */
class ProfileRegistrationFuzzIntegrationTests extends ProfileIntegrationTest {

    @Test
    @SuppressWarnings("unchecked")
    void fuzzedFilesNeverMakeTheApiFail() {
        String tenant = newTenant();
        for (int n = 0; n < 3; n++) {
            publish(new DeviceChanged(tenant, "d-" + n, "pc-" + n, true, DeviceType.WINDOWS, false, null, null, null));
            publish(new DeviceAssigned(tenant, "d-" + n, "u-" + n, "user" + n));
        }
        await().atMost(Duration.ofSeconds(40)).until(() ->
                ((Number) get(tenant, "/api/profiles?page=0&size=1").getBody().get("overall")).intValue() == 3);
        List<String> names = List.of("user0:pc-0", "user1:pc-1", "u-2:d-2");
        byte[] valid = ("ユーザプロフィールID,メールアドレス,接続許可\r\nuser0:pc-0,a@example.com,無効\r\n"
                + "user1:pc-1,-,有効\r\n").getBytes(StandardCharsets.UTF_8);
        int[] reports = new int[1];
        Fuzz.check("profile registration csv over http", 30, Duration.ofSeconds(30), random -> switch (random.nextInt(4)) {
            case 0 -> valid;
            case 1 -> CsvFuzz.mutated(random, valid, List.of(valid));
            case 2 -> Mutations.randomBytes(random, 1_000);
            default -> CsvFuzz.encode(random, CsvFuzz.file(random, ProfileRegistrationFuzzTests.HEADERS, 10,
                    r -> r.nextInt(3) == 0 ? names.get(r.nextInt(names.size())) : CsvFuzz.cell(r)));
        }, bytes -> {
            for (String path : List.of("/api/profiles/registrations?dryRun=true", "/api/profiles/registrations")) {
                HttpHeaders headers = new HttpHeaders();
                headers.setBearerAuth(TestTokens.admin(tenant));
                headers.setContentType(new MediaType("text", "csv"));
                ResponseEntity<Map> answer = http.exchange(path, HttpMethod.POST, new HttpEntity<>(bytes, headers),
                        Map.class);
                assertThat(answer.getStatusCode().value()).isIn(200, 400);
                Map<String, Object> body = answer.getBody();
                assertThat(body).isNotNull();
                if (answer.getStatusCode().value() == 400) {
                    assertThat(answer.getHeaders().getContentType().toString()).startsWith("application/problem+json");
                    assertThat((String) body.get("type")).startsWith("urn:sra:problem:registration-");
                    assertThat((String) body.get("detail")).isNotBlank().doesNotStartWith("problem.");
                    for (Map<String, Object> error : (List<Map<String, Object>>) body.getOrDefault("errors",
                            new ArrayList<>())) {
                        assertThat((String) error.get("message")).isNotBlank().doesNotStartWith("field.");
                    }
                } else {
                    reports[0]++;
                }
            }
        });
        assertThat(reports[0]).as("files that got as far as a report").isPositive();
    }

    /**
     * Found by the fuzzer (seed 742245949081496883): a cell with a control character was repeated
     * as it was in the row's error, and a problem detail our own strict JSON reader refuses is no
     * answer at all. Such characters are shown as {@code ?}.
     */
    @Test
    @SuppressWarnings("unchecked")
    void aCellWithAControlCharacterIsRepeatedWithAQuestionMarkInItsError() {
        String tenant = newTenant();
        byte[] file = Base64.getDecoder().decode("IuODpuODvOOCtuODl+ODreODleOCo+ODvOODq0lEIizjg6HjgrkiLCLmjqXntproqLHlj68iDQoi"
                + "5Y2VAue9puWWi+OzuSIsdQ==");
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestTokens.admin(tenant));
        headers.setContentType(new MediaType("text", "csv"));
        ResponseEntity<Map> answer = http.exchange("/api/profiles/registrations?dryRun=true", HttpMethod.POST,
                new HttpEntity<>(file, headers), Map.class);
        assertThat(answer.getStatusCode().value()).isEqualTo(400);
        String messages = String.valueOf(answer.getBody());
        assertThat(messages).doesNotContain("\u0002").contains("?");
    }
}
