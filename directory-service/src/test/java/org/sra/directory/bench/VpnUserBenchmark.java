package org.sra.directory.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
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
import org.sra.directory.SharedDirectories;
import org.sra.fixtures.entra.EntraStandIn;
import org.sra.kit.test.TestTokens;

/**
 * Not a test: how the user list and CSV import behave at 10,000 users. Run with
 * {@code ./mvnw -pl directory-service test -Pbench}: 10,000 users in the demo AD, listed through
 * the API ("add user"), then a 10,000-row CSV imported (dry run, commit) and the VPN user list
 * read back; and 10,000 users of the Entra ID stand-in listed through Graph and the API, and
 * imported by CSV. Prints the times; each step is run several rounds.
 */
@DirectoryIntegrationTest
class VpnUserBenchmark {

    static final int USERS = 10_000;
    static final int ROUNDS = 3;

    @Autowired
    TestRestTemplate http;

    @Test
    void listAndImportTenThousandUsers() throws Exception {
        for (int i = 0; i < USERS; i++) {
            String sam = String.format("bench%05d", i);
            SharedDirectories.demoDirectory().server().add(new Entry("CN=" + sam + "," + DemoDirectory.USERS_DN,
                    new Attribute("objectClass", "top", "person", "organizationalPerson", "user"),
                    new Attribute("cn", sam), new Attribute("sAMAccountName", sam),
                    new Attribute("userPrincipalName", sam + "@corp.example.com"),
                    new Attribute("displayName", "Bench " + sam), new Attribute("mail", sam + "@example.com"),
                    new Attribute("sAMAccountType", "805306368"), new Attribute("userAccountControl", "512")));
        }
        StringBuilder csv = new StringBuilder("userName\r\n");
        for (int i = 0; i < USERS; i++) {
            csv.append(String.format("bench%05d", i)).append("\r\n");
        }
        byte[] body = csv.toString().getBytes(StandardCharsets.UTF_8);
        List<String> report = new ArrayList<>();

        for (int round = 1; round <= ROUNDS; round++) {
            Fixtures api = new Fixtures(http);
            String admin = TestTokens.admin(api.provision().tenantId());
            assertThat(api.call(HttpMethod.PUT, "/api/settings/active-directory", admin, Map.of("primaryHost", "dc01",
                    "primaryIp", "127.0.0.1", "domain", DemoDirectory.DOMAIN,
                    "adminPassword", DemoDirectory.ADMINISTRATOR_PASSWORD, "transport", "PLAIN")).getStatusCode()).isEqualTo(HttpStatus.OK);

            long start = System.nanoTime();
            ResponseEntity<Map> first = api.call(HttpMethod.GET, "/api/vpn-users/available?size=500", admin, null);
            long firstPage = System.nanoTime() - start;
            long total = ((Number) first.getBody().get("total")).longValue();
            long allPages = readAllPages(api, admin, total);

            long dry = timedImport(admin, body, true);
            long committed = timedImport(admin, body, false);
            start = System.nanoTime();
            ResponseEntity<Map> listed = api.call(HttpMethod.GET, "/api/vpn-users?size=500", admin, null);
            long list = System.nanoTime() - start;
            assertThat(listed.getBody()).containsEntry("total", USERS);

            report.add(String.format("round %d: available first page (%d users in AD) %d ms; all %d pages %d ms;"
                            + " CSV dry run %d rows %d ms; commit %d ms; VPN user list (with directory check) %d ms",
                    round, total, firstPage / 1_000_000, (total + 499) / 500, allPages / 1_000_000, USERS,
                    dry / 1_000_000, committed / 1_000_000, list / 1_000_000));
            System.out.println("VpnUserBenchmark " + report.get(report.size() - 1));
        }
        System.out.println("\n==== VpnUserBenchmark (" + Runtime.getRuntime().availableProcessors() + " cores) ====");
        report.forEach(System.out::println);
        System.out.println("====");
    }

    /** The same through Microsoft Graph (the stand-in, 999 users per page as the connector asks). */
    @Test
    void listTenThousandEntraUsers() {
        SharedDirectories.entra().addUsers(USERS);
        StringBuilder csv = new StringBuilder("userName\r\n");
        for (int i = 1; i <= USERS; i++) {
            csv.append(String.format("user%05d@%s", i, EntraStandIn.DOMAIN)).append("\r\n");
        }
        byte[] body = csv.toString().getBytes(StandardCharsets.UTF_8);
        List<String> report = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            Fixtures api = new Fixtures(http);
            String admin = TestTokens.admin(api.provision().tenantId());
            assertThat(api.call(HttpMethod.PUT, "/api/settings/entra-id", admin, Fixtures.entraForm()).getStatusCode())
                    .isEqualTo(HttpStatus.OK);
            int graphCalls = SharedDirectories.entra().graphRequests();
            long start = System.nanoTime();
            ResponseEntity<Map> first = api.call(HttpMethod.GET, "/api/vpn-users/available?size=500", admin, null);
            long firstPage = System.nanoTime() - start;
            graphCalls = SharedDirectories.entra().graphRequests() - graphCalls;
            long total = ((Number) first.getBody().get("total")).longValue();
            long allPages = readAllPages(api, admin, total);
            long dry = timedImport(admin, body, true);
            long committed = timedImport(admin, body, false);
            report.add(String.format("round %d: Entra available first page (%d users, %d Graph pages) %d ms;"
                            + " all %d pages %d ms; CSV dry run %d rows %d ms; commit %d ms",
                    round, total, graphCalls, firstPage / 1_000_000, (total + 499) / 500, allPages / 1_000_000,
                    USERS, dry / 1_000_000, committed / 1_000_000));
            System.out.println("VpnUserBenchmark " + report.get(report.size() - 1));
        }
        System.out.println("\n==== VpnUserBenchmark, Entra ID (" + Runtime.getRuntime().availableProcessors()
                + " cores) ====");
        report.forEach(System.out::println);
        System.out.println("====");
    }

    /** Reads every page of "add user" (500 users each); nanoseconds. */
    private static long readAllPages(Fixtures api, String admin, long total) {
        long start = System.nanoTime();
        int read = 0;
        for (int page = 0; page * 500 < total; page++) {
            read += ((List<?>) api.call(HttpMethod.GET, "/api/vpn-users/available?size=500&page=" + page, admin,
                    null).getBody().get("items")).size();
        }
        long took = System.nanoTime() - start;
        assertThat(read).isEqualTo((int) total).isGreaterThanOrEqualTo(USERS);
        return took;
    }

    /** A CSV dry run or commit of all {@link #USERS} rows, which must all pass; nanoseconds. */
    private long timedImport(String admin, byte[] body, boolean dryRun) {
        long start = System.nanoTime();
        ResponseEntity<Map> answer = importCsv(admin, body, dryRun);
        long took = System.nanoTime() - start;
        assertThat(answer.getBody()).containsEntry(dryRun ? "valid" : "added", USERS);
        return took;
    }

    private ResponseEntity<Map> importCsv(String admin, byte[] csv, boolean dryRun) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(admin);
        headers.setContentType(MediaType.parseMediaType("text/csv"));
        return http.exchange("/api/vpn-users/import?dryRun=" + dryRun, HttpMethod.POST, new HttpEntity<>(csv, headers),
                Map.class);
    }
}
