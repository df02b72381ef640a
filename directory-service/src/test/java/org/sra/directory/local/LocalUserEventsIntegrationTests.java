package org.sra.directory.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.Consumer;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.sra.directory.DirectoryIntegrationTest;
import org.sra.directory.Fixtures;
import org.sra.events.EventEnvelope;
import org.sra.events.Topics;
import org.sra.events.user.LocalPasswordSet;
import org.sra.events.user.LocalUserDeleted;
import org.sra.kit.secrets.SecretSealer;
import org.sra.kit.test.TestTokens;

/**
 * LOCAL credentials reach auth-service: creating a user or resetting a password raises
 * {@code LocalPasswordSet} with the bcrypt hash sealed, removing raises {@code LocalUserDeleted};
 * and the CSV import (dry run with every bad row, all-or-nothing commit, export without passwords).
 */
@DirectoryIntegrationTest
class LocalUserEventsIntegrationTests {

    static final String PASSWORD = "Sakura-2026-x";
    static final String NEW_PASSWORD = "Momiji-2027-y";

    @Autowired
    TestRestTemplate http;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    SecretSealer sealer;
    @Autowired
    LocalUsers users;
    Fixtures api;
    String tenantId;
    String admin;

    @BeforeEach
    void setUp() {
        api = new Fixtures(http);
        tenantId = api.provision().tenantId();
        admin = TestTokens.admin(tenantId);
        api.call(HttpMethod.PUT, "/api/settings/auth-type", admin, Map.of("authType", "LOCAL"));
    }

    @Test
    void passwordsReachAuthServiceAsASealedBcryptHashOncePerChange() {
        try (Consumer<String, byte[]> consumer = Fixtures.consumer(broker, Topics.VPN_USERS)) {
            ResponseEntity<Map> created = api.call(HttpMethod.POST, "/api/local-users", admin,
                    Map.of("userName", "kato", "displayName", "加藤", "password", PASSWORD));
            assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
            String userId = (String) created.getBody().get("userId");
            EventEnvelope first = Fixtures.await(consumer, e -> e.tenantId().equals(tenantId)
                    && e.payload() instanceof LocalPasswordSet, 1).get(0);
            LocalPasswordSet set = (LocalPasswordSet) first.payload();
            assertThat(set.localUserId()).isEqualTo(userId);
            assertThat(set.userName()).isEqualTo("kato");
            assertThat(set.sealedPasswordHash()).doesNotStartWith("$2").doesNotContain(PASSWORD);
            String hash = sealer.open(set.sealedPasswordHash(), "local-password:" + tenantId);
            assertThat(new BCryptPasswordEncoder().matches(PASSWORD, hash)).isTrue();

            // saved again (a retried request, a stale copy): nothing new for auth-service. The
            // password reset below is the marker: its event leaves the same user's outbox after
            // anything the re-save raised, so the first LocalPasswordSet after `first` must be the
            // reset's (the new password), not a copy of the old hash
            LocalUser again = users.findById(userId).orElseThrow();
            users.save(again);

            assertThat(api.call(HttpMethod.POST, "/api/local-users/" + userId + "/password", admin,
                    Map.of("password", NEW_PASSWORD)).getStatusCode()).isEqualTo(HttpStatus.OK);
            LocalPasswordSet reset = (LocalPasswordSet) Fixtures.await(consumer, e -> e.tenantId().equals(tenantId)
                    && e.payload() instanceof LocalPasswordSet && !e.eventId().equals(first.eventId()), 1).get(0)
                    .payload();
            String newHash = sealer.open(reset.sealedPasswordHash(), "local-password:" + tenantId);
            assertThat(new BCryptPasswordEncoder().matches(NEW_PASSWORD, newHash)).isTrue();
            assertThat(new BCryptPasswordEncoder().matches(PASSWORD, newHash)).isFalse();

            assertThat(api.status(HttpMethod.DELETE, "/api/local-users/" + userId, admin))
                    .isEqualTo(HttpStatus.NO_CONTENT);
            LocalUserDeleted deleted = (LocalUserDeleted) Fixtures.await(consumer, e -> e.tenantId().equals(tenantId)
                    && e.payload() instanceof LocalUserDeleted, 1).get(0).payload();
            assertThat(deleted).isEqualTo(new LocalUserDeleted(tenantId, userId, "kato"));
        }
    }

    @Test
    void csvDryRunListsEveryBadRowAndACommitIsAllOrNothing() {
        String csv = "userName,displayName,mail,password\n"
                + "ito,伊藤 美咲,ito@example.com,Ajisai-2026-a\n"       // 2 ok
                + ",No Name,,Ajisai-2026-b\n"                             // 3 name missing
                + "bad name,Bad,,Ajisai-2026-c\n"                         // 4 name invalid
                + "mori,森,not-a-mail,Ajisai-2026-d\n"                    // 5 mail invalid
                + "ueda,上田,,\n"                                         // 6 password missing
                + "weak,Weak,,weakweak\n"                                 // 7 password weak
                + "ITO,Twice,,Ajisai-2026-e\n"                            // 8 duplicate in file
                + "taken,Taken,,Ajisai-2026-f\n"                          // 9 already exists
                + "extra,Extra,,Ajisai-2026-g,surplus\n";                 // 10 too many columns
        api.call(HttpMethod.POST, "/api/local-users", admin, Map.of("userName", "Taken", "password", PASSWORD));
        ResponseEntity<String> dryRun = importCsv(csv, true, "en");
        assertThat(dryRun.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(dryRun.getBody()).doesNotContain("Ajisai-2026");
        ResponseEntity<Map> parsed = importCsvMap(csv, true);
        assertThat(parsed.getBody()).containsEntry("committed", false).containsEntry("rows", 9)
                .containsEntry("valid", 1);
        assertThat((List<Map<String, Object>>) parsed.getBody().get("errors"))
                .extracting(e -> e.get("line") + ":" + e.get("reason")).containsExactly("3:user-name-missing",
                        "4:user-name-invalid", "5:mail-invalid", "6:password-missing", "7:password-weak",
                        "8:duplicate-in-file", "9:local-user-exists", "10:local-too-many-columns");
        assertThat(dryRun.getBody()).contains("Line 7: the password of the user \\\"weak\\\" is too weak");

        ResponseEntity<Map> refused = importCsvMap(csv, false);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody()).containsEntry("type", "urn:sra:problem:csv-has-errors");
        assertThat(mongo.getCollection("local_users").countDocuments(new Document("tenantId", tenantId))).isEqualTo(1);

        ResponseEntity<Map> committed = importCsvMap("\uFEFFuserName,displayName,mail,password\r\n"
                + "ito,伊藤 美咲,ito@example.com,Ajisai-2026-a\r\n" + "nakano,\"=SUM(A1), Inc\",,Ajisai-2026-h\r\n",
                false);
        assertThat(committed.getBody()).containsEntry("committed", true).containsEntry("added", 2);
        String export = api.exchange(HttpMethod.GET, "/api/local-users/export.csv", admin, null, String.class)
                .getBody();
        assertThat(export).startsWith("\uFEFFuserName,displayName,mail,createdAt,passwordChangedAt")
                .contains("ito,伊藤 美咲,ito@example.com,").contains("'=SUM(A1), Inc").doesNotContain("Ajisai")
                .doesNotContain("$2");
        assertThat(directoryVerify("ito", "Ajisai-2026-a")).isTrue();

        String other = TestTokens.admin(api.provision().tenantId()); // another tenant sees none of it
        assertThat(api.exchange(HttpMethod.GET, "/api/local-users/export.csv", other, null, String.class).getBody())
                .doesNotContain("ito").doesNotContain("nakano");
        assertThat(api.exchange(HttpMethod.GET, "/api/local-users", other, null, String.class).getBody())
                .isEqualTo("[]");
    }

    @Test
    void wholeFileFaultsAndTheTemplate() {
        assertThat(importCsvMap("userName\nito\n", true).getBody())
                .containsEntry("type", "urn:sra:problem:local-csv-header");
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(admin);
        headers.setContentType(MediaType.parseMediaType("text/csv"));
        byte[] shiftJis = "userName,displayName,mail,password\nito,伊藤,,Ajisai-2026-a\n"
                .getBytes(Charset.forName("windows-31j"));
        assertThat(http.exchange("/api/local-users/import", HttpMethod.POST, new HttpEntity<>(shiftJis, headers),
                Map.class).getBody()).as("Excel's CSV in Japan is read").containsEntry("encoding", "CP932")
                .containsEntry("encodingLabel", "Shift_JIS (CP932)").containsEntry("valid", 1);
        byte[] neither = {'u', 's', 'e', 'r', 'N', 'a', 'm', 'e', '\n', (byte) 0x80, (byte) 0xa0};
        assertThat(http.exchange("/api/local-users/import", HttpMethod.POST, new HttpEntity<>(neither, headers),
                Map.class).getBody()).containsEntry("type", "urn:sra:problem:csv-encoding");
        assertThat(importCsvMap("userName,displayName,mail,password\n\"ito,x\n", true).getBody())
                .containsEntry("type", "urn:sra:problem:csv-malformed");
        String template = api.exchange(HttpMethod.GET, "/api/local-users/template.csv", admin, null, String.class)
                .getBody();
        assertThat(template).startsWith("\uFEFFuserName,displayName,mail,password");
        ResponseEntity<Map> asIs = importCsvMap(template.substring(1), true);
        assertThat(asIs.getBody()).containsEntry("valid", 0);
        assertThat((List<Map<String, Object>>) asIs.getBody().get("errors")).extracting(e -> e.get("line") + ":"
                + e.get("reason")).containsExactly("2:password-missing");
        assertThat(api.status(HttpMethod.POST, "/api/local-users/import?dryRun=false",
                TestTokens.auditor(tenantId))).isIn(HttpStatus.FORBIDDEN, HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    }

    @Test
    void theExportInEitherEncodingImportsAgainUnchanged() {
        api.call(HttpMethod.POST, "/api/local-users", admin, Map.of("userName", "ogawa", "displayName", "小川 直樹",
                "mail", "ogawa@example.com", "password", PASSWORD));
        api.call(HttpMethod.POST, "/api/local-users", admin, Map.of("userName", "sakai", "displayName", "酒井 葵",
                "password", PASSWORD));
        for (String encoding : List.of("utf-8", "cp932")) {
            ResponseEntity<byte[]> export = api.exchange(HttpMethod.GET, "/api/local-users/export.csv?encoding=" + encoding,
                    admin, null, byte[].class);
            assertThat(export.getStatusCode()).isEqualTo(HttpStatus.OK);
            String expectedEncoding = encoding.equals("cp932") ? "CP932" : "UTF_8";
            assertThat(new String(export.getBody(), encoding.equals("cp932")
                    ? Charset.forName("windows-31j") : StandardCharsets.UTF_8)).contains("小川 直樹");

            Map<String, Object> dryRun = importBytes(export.getBody(), true).getBody();
            assertThat(dryRun).as(encoding).containsEntry("encoding", expectedEncoding).containsEntry("rows", 2)
                    .containsEntry("valid", 2).containsEntry("unchanged", 2).containsEntry("errors", List.of());
            assertThat(importBytes(export.getBody(), false).getBody()).containsEntry("committed", true)
                    .containsEntry("added", 0).containsEntry("unchanged", 2);
        }
        assertThat(mongo.getCollection("local_users").countDocuments(new Document("tenantId", tenantId))).isEqualTo(2);
        assertThat(directoryVerify("ogawa", PASSWORD)).as("the password is as it was").isTrue();
        assertThat(api.call(HttpMethod.GET, "/api/local-users/export.csv?encoding=latin1", admin, null).getBody())
                .containsEntry("type", "urn:sra:problem:csv-encoding-unknown").containsEntry("field", "encoding");
    }

    @Test
    void theListIsSearchedSortedAndPagedByTheServer() {
        for (String[] user : new String[][] {{"abe", "阿部 一"}, {"baba", "馬場 二"}, {"chiba", "千葉 三"}}) {
            api.call(HttpMethod.POST, "/api/local-users", admin, Map.of("userName", user[0], "displayName", user[1],
                    "mail", user[0] + "@example.com", "password", PASSWORD));
        }
        Map<String, Object> first = api.call(HttpMethod.GET, "/api/local-users/page?sort=userName&direction=desc&size=2",
                admin, null).getBody();
        assertThat(first).containsEntry("total", 3).containsEntry("page", 0).containsEntry("size", 2);
        assertThat((List<Map<String, Object>>) first.get("items")).extracting(u -> u.get("userName"))
                .containsExactly("chiba", "baba");
        assertThat((List<Map<String, Object>>) api.call(HttpMethod.GET,
                "/api/local-users/page?sort=userName&direction=desc&size=2&page=1", admin, null).getBody().get("items"))
                .extracting(u -> u.get("userName")).containsExactly("abe");
        assertThat(api.call(HttpMethod.GET, "/api/local-users/page?query=BABA", admin, null).getBody())
                .containsEntry("total", 1);
        assertThat(api.call(HttpMethod.GET, "/api/local-users/page?sort=passwordHash", admin, null).getBody())
                .containsEntry("type", "urn:sra:problem:list-filter-invalid").containsEntry("field", "sort");
        assertThat(api.call(HttpMethod.GET, "/api/local-users/page?size=0", admin, null).getBody())
                .containsEntry("type", "urn:sra:problem:page-invalid");
        assertThat(api.call(HttpMethod.GET, "/api/local-users/page", TestTokens.admin(api.provision().tenantId()), null)
                .getBody()).as("another tenant sees none of them").containsEntry("total", 0);
    }

    @Autowired
    LocalDirectory directory;

    private ResponseEntity<Map> importBytes(byte[] csv, boolean dryRun) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(admin);
        headers.setContentType(MediaType.parseMediaType("text/csv"));
        return http.exchange("/api/local-users/import?dryRun=" + dryRun, HttpMethod.POST,
                new HttpEntity<>(csv, headers), Map.class);
    }

    private boolean directoryVerify(String name, String password) {
        return directory.verify(tenantId, name, password);
    }

    private ResponseEntity<String> importCsv(String csv, boolean dryRun, String language) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(admin);
        headers.set(HttpHeaders.ACCEPT_LANGUAGE, language);
        headers.setContentType(MediaType.parseMediaType("text/csv"));
        return http.exchange("/api/local-users/import?dryRun=" + dryRun, HttpMethod.POST,
                new HttpEntity<>(csv.getBytes(StandardCharsets.UTF_8), headers), String.class);
    }

    private ResponseEntity<Map> importCsvMap(String csv, boolean dryRun) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(admin);
        headers.setContentType(MediaType.parseMediaType("text/csv"));
        return http.exchange("/api/local-users/import?dryRun=" + dryRun, HttpMethod.POST,
                new HttpEntity<>(csv.getBytes(StandardCharsets.UTF_8), headers), Map.class);
    }
}
