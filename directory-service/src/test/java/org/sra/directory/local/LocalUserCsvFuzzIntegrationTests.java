package org.sra.directory.local;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.springframework.http.MediaType;
import org.sra.directory.DirectoryIntegrationTest;
import org.sra.directory.Fixtures;
import org.sra.directory.user.VpnUserCsvFuzzIntegrationTests;
import org.sra.fixtures.fuzz.CsvFuzz;
import org.sra.fixtures.fuzz.Fuzz;
import org.sra.fixtures.fuzz.Mutations;
import org.sra.kit.test.TestTokens;

/**
 * A handful of fuzzed LOCAL user CSV files through the HTTP API (dry runs: a commit hashes every
 * password with bcrypt) for a LOCAL tenant that has a user: the look-up of existing users and the
 * problem rendering that {@link LocalUserCsvFuzzTests} leaves out. Never a 5xx.
 */
@DirectoryIntegrationTest
class LocalUserCsvFuzzIntegrationTests {

    @Autowired
    TestRestTemplate http;

    @Test
    void fuzzedFilesNeverMakeTheApiFail() {
        Fixtures api = new Fixtures(http);
        String admin = TestTokens.admin(api.provision().tenantId());
        api.call(HttpMethod.PUT, "/api/settings/auth-type", admin, Map.of("authType", "LOCAL"));
        api.call(HttpMethod.POST, "/api/local-users", admin, Map.of("userName", "suzuki", "password", "Sakura-2026-x"));
        List<byte[]> valid = new ArrayList<>();
        Random seeds = new Random(19);
        for (int i = 0; i < 5; i++) {
            valid.add(LocalUserCsvFuzzTests.validFile(seeds).bytes());
        }
        int[] reports = new int[1];
        Fuzz.check("local user csv over http", 30, Duration.ofSeconds(30), random -> switch (random.nextInt(4)) {
            case 0 -> LocalUserCsvFuzzTests.validFile(random).bytes();
            case 1 -> CsvFuzz.mutated(random, valid.get(random.nextInt(valid.size())), valid);
            case 2 -> Mutations.randomBytes(random, 1_000);
            default -> CsvFuzz.encode(random, CsvFuzz.file(random,
                    List.of(LocalUserCsv.HEADER, LocalUserCsv.EXPORT_HEADER), 15, LocalUserCsvFuzzTests::cell));
        }, bytes -> {
            HttpHeaders headers = new HttpHeaders();
            headers.setBearerAuth(admin);
            headers.setContentType(MediaType.parseMediaType("text/csv"));
            if (VpnUserCsvFuzzIntegrationTests.answered(http.exchange("/api/local-users/import?dryRun=true",
                    HttpMethod.POST, new HttpEntity<>(bytes, headers), Map.class)) == 200) {
                reports[0]++;
            }
        });
        assertThat(reports[0]).as("files that got as far as a report").isPositive();
    }
}
