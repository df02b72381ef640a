package org.sra.directory.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.sra.directory.DirectoryIntegrationTest;
import org.sra.directory.Fixtures;
import org.sra.fixtures.ad.DemoDirectory;
import org.sra.fixtures.fuzz.CsvFuzz;
import org.sra.fixtures.fuzz.Fuzz;
import org.sra.fixtures.fuzz.Mutations;
import org.sra.kit.test.TestTokens;

/**
 * A handful of fuzzed VPN user CSV files through the HTTP API (dry run and import) for a tenant on
 * the demo Active Directory: the directory look-ups and the problem rendering that
 * {@link VpnUserCsvFuzzTests} leaves out. Never a 5xx; every refusal a problem detail, every bad
 * row a rendered message.
 */
@DirectoryIntegrationTest
public class VpnUserCsvFuzzIntegrationTests {

    @Autowired
    TestRestTemplate http;

    @Test
    void fuzzedFilesNeverMakeTheApiFail() {
        Fixtures api = new Fixtures(http);
        String admin = TestTokens.admin(api.provision().tenantId());
        assertThat(api.call(HttpMethod.PUT, "/api/settings/active-directory", admin, Map.of("primaryHost", "dc01",
                "primaryIp", "127.0.0.1", "domain", DemoDirectory.DOMAIN,
                "adminPassword", DemoDirectory.ADMINISTRATOR_PASSWORD, "transport", "PLAIN")).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        List<byte[]> valid = new ArrayList<>();
        Random seeds = new Random(17);
        for (int i = 0; i < 5; i++) {
            valid.add(VpnUserCsvFuzzTests.validFile(seeds).bytes());
        }
        int[] reports = new int[1];
        Fuzz.check("vpn user csv over http", 30, Duration.ofSeconds(30), random -> switch (random.nextInt(4)) {
            case 0 -> ("userName\r\ntaro.yamada\r\n" + CsvFuzz.cell(random) + "\r\n")
                    .getBytes(StandardCharsets.UTF_8);
            case 1 -> CsvFuzz.mutated(random, valid.get(random.nextInt(valid.size())), valid);
            case 2 -> Mutations.randomBytes(random, 1_000);
            default -> CsvFuzz.encode(random, CsvFuzz.file(random,
                    List.of(List.of(UserCsv.HEADER), UserCsv.EXPORT_HEADER), 15, CsvFuzz::cell));
        }, bytes -> {
            for (boolean dryRun : List.of(true, false)) {
                HttpHeaders headers = new HttpHeaders();
                headers.setBearerAuth(admin);
                headers.setContentType(MediaType.parseMediaType("text/csv"));
                if (answered(http.exchange("/api/vpn-users/import?dryRun=" + dryRun, HttpMethod.POST,
                        new HttpEntity<>(bytes, headers), Map.class)) == 200) {
                    reports[0]++;
                }
            }
        });
        assertThat(reports[0]).as("files that got as far as a report").isPositive();
    }

    /** 200 (a report) or 400 (a problem detail); every bad row with a rendered message. */
    @SuppressWarnings("unchecked")
    public static int answered(ResponseEntity<Map> answer) {
        assertThat(answer.getStatusCode().value()).isIn(200, 400);
        Map<String, Object> body = answer.getBody();
        assertThat(body).isNotNull();
        if (answer.getStatusCode().value() == 400) {
            assertThat(answer.getHeaders().getContentType().toString()).startsWith("application/problem+json");
            assertThat((String) body.get("type")).startsWith("urn:sra:problem:");
            assertThat((String) body.get("detail")).isNotBlank().doesNotStartWith("problem.");
        }
        for (Map<String, Object> error : (List<Map<String, Object>>) body.getOrDefault("errors", List.of())) {
            assertThat((String) error.get("message")).as("a rendered message").isNotBlank()
                    .doesNotStartWith("csv.reason.");
        }
        return answer.getStatusCode().value();
    }
}
