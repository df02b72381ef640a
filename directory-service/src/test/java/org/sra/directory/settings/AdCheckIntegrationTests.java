package org.sra.directory.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import org.awaitility.Awaitility;
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
import org.springframework.http.ResponseEntity;
import org.sra.directory.DirectoryIntegrationTest;
import org.sra.directory.Fixtures;
import org.sra.directory.SharedDirectories;
import org.sra.fixtures.ad.DemoDirectory;
import org.sra.kit.test.TestTokens;

/**
 * The AD check is no scanner: addresses pointing into the platform are refused before anything
 * is dialled, each tenant may try only so often, every refused attempt is audited, and the
 * directory's own error text never reaches the admin. The shared context allows loopback (the
 * demo AD is on 127.0.0.1) and plays the platform's networks with 127.0.0.9/32 and 198.18.0.0/15.
 */
@DirectoryIntegrationTest
class AdCheckIntegrationTests {

    /** What the demo AD (like AD) says about a refused bind; it must never reach the admin. */
    private static final List<String> DIAGNOSTIC_TEXT = List.of("80090308", "LdapErr", "DSID-0C09044E",
            "AcceptSecurityContext", "data 52e", "data 533", "v4563");

    @Autowired
    TestRestTemplate http;
    @Autowired
    MongoTemplate mongo;
    Fixtures api;

    @BeforeEach
    void setUp() {
        api = new Fixtures(http);
    }

    @Test
    void anAddressInsideThePlatformIsRefusedBeforeAnythingIsDialled() throws Exception {
        String tenant = api.provision().tenantId();
        int port = SharedDirectories.demoDirectory().port();
        try (ServerSocket platform = listen("127.0.0.9", port); ServerSocket elsewhere = listen("127.0.0.10", port)) {
            ResponseEntity<Map> denied = save(tenant, Map.of("primaryIp", "127.0.0.9"), null);
            assertThat(denied.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(denied.getBody()).containsEntry("type", "urn:sra:problem:ad-address-denied")
                    .containsEntry("field", "primaryIp").containsEntry("reason", "PLATFORM")
                    .containsEntry("stage", "ADDRESS");
            assertThat((String) denied.getBody().get("detail")).contains("「IPアドレス(プライマリ)」")
                    .contains("127.0.0.9").contains("このサービスの内部ネットワークのアドレス")
                    .contains("設定は保存していません").doesNotContain("primaryIp");
            // the answer is out, so the check would have dialled by now: nothing came
            assertThat(accepted(platform, Duration.ofMillis(300))).isFalse();

            // the same save to an address outside the deny list does dial it (so the above could have failed)
            CompletableFuture<Boolean> dialled = CompletableFuture.supplyAsync(() -> accepted(elsewhere, Duration.ofSeconds(10)));
            ResponseEntity<Map> reached = save(tenant, Map.of("primaryIp", "127.0.0.10"), null);
            assertThat(dialled.get(15, TimeUnit.SECONDS)).isTrue();
            assertThat(reached.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        }

        ResponseEntity<Map> secondary = save(tenant, Map.of("secondaryHost", "dc02", "secondaryIp", "169.254.169.254"),
                "en");
        assertThat(secondary.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(secondary.getBody()).containsEntry("field", "secondaryIp").containsEntry("reason", "LINK_LOCAL");
        assertThat((String) secondary.getBody().get("detail")).contains("\"IP address (secondary)\"")
                .contains("a link-local address (169.254.169.254)").contains("Nothing was saved");
        assertThat(save(tenant, Map.of("primaryIp", "224.0.0.251"), null).getBody())
                .containsEntry("reason", "MULTICAST");
        assertThat(save(tenant, Map.of("primaryIp", "198.19.0.1"), null).getBody()).containsEntry("reason", "PLATFORM");
        assertThat(save(tenant, Map.of("primaryIp", "0.0.0.0"), null).getBody()).containsEntry("reason", "UNSPECIFIED");

        assertThat(mongo.getCollection("tenant_settings").countDocuments(new Document("_id", tenant))).isZero();
        List<Map<String, Object>> audited = awaitAudit(tenant, 6);
        assertThat(audited).extracting(e -> (String) e.get("after")).allSatisfy(after ->
                assertThat(after).contains("\"outcome\":\"REFUSED\"").doesNotContain(DemoDirectory.ADMINISTRATOR_PASSWORD));
        assertThat(audited).extracting(e -> (String) e.get("after"))
                .anySatisfy(after -> assertThat(after).contains("\"problem\":\"ad-address-denied\"")
                        .contains("\"failure\":\"LINK_LOCAL\"").contains("\"field\":\"secondaryIp\"")
                        .contains("\"secondaryIp\":\"169.254.169.254\""))
                .anySatisfy(after -> assertThat(after).contains("\"problem\":\"ad-unreachable\"")
                        .contains("\"step\":\"SEARCH_BASE\""));
    }

    @Test
    void theDirectorysOwnErrorTextNeverReachesTheAdmin() throws Exception {
        // the demo AD does answer a refused bind with AD's diagnostic text
        try (LDAPConnection direct = new LDAPConnection("127.0.0.1", SharedDirectories.demoDirectory().port())) {
            try {
                direct.bind("Administrator@" + DemoDirectory.DOMAIN, "wrong-password");
            } catch (LDAPException e) {
                assertThat(e.getResultCode()).isEqualTo(ResultCode.INVALID_CREDENTIALS);
                assertThat(e.getDiagnosticMessage()).contains("AcceptSecurityContext error, data 52e");
            }
        }
        String tenant = api.provision().tenantId();
        for (String language : new String[] {null, "en"}) {
            ResponseEntity<String> wrong = saveText(tenant, Map.of("adminPassword", "wrong-password"), language);
            assertThat(wrong.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
            assertThat(wrong.getBody()).contains("urn:sra:problem:ad-bad-credentials")
                    .contains("\"stage\":\"BIND\"").contains("\"step\":\"BAD_CREDENTIALS\"")
                    .contains(language == null ? "管理者「Administrator」としてログイン" : "log in (bind) as the administrator");
            DIAGNOSTIC_TEXT.forEach(text -> assertThat(wrong.getBody()).as(text).doesNotContain(text));
        }
        ResponseEntity<String> disabled = saveText(tenant, Map.of("adminUser", "ken.takahashi",
                "adminPassword", DemoDirectory.USER_PASSWORD), null);
        assertThat(disabled.getBody()).contains("urn:sra:problem:ad-account-disabled").contains("\"stage\":\"BIND\"")
                .contains("「ken.takahashi」は無効化されています");
        DIAGNOSTIC_TEXT.forEach(text -> assertThat(disabled.getBody()).as(text).doesNotContain(text));

        ResponseEntity<String> netbios = saveText(tenant, Map.of("netbiosDomain", "WRONG"), null);
        assertThat(netbios.getBody()).contains("urn:sra:problem:ad-bad-netbios-domain")
                .contains("\"stage\":\"NETBIOS_BIND\"");
        DIAGNOSTIC_TEXT.forEach(text -> assertThat(netbios.getBody()).as(text).doesNotContain(text));
        ResponseEntity<String> domain = saveText(tenant, Map.of("domain", "other.example.com"), null);
        assertThat(domain.getBody()).contains("urn:sra:problem:ad-bad-domain").contains("\"stage\":\"SEARCH_BASE\"");

        // a missing field is named as the dialog labels it
        ResponseEntity<Map> missing = save(tenant, Map.of("adminPassword", ""), null);
        assertThat(missing.getBody()).containsEntry("field", "adminPassword");
        assertThat((String) missing.getBody().get("detail")).contains("「管理者パスワード」").doesNotContain("adminPassword");

        List<Map<String, Object>> audited = awaitAudit(tenant, 6);
        assertThat(audited).extracting(e -> (String) e.get("after")).allSatisfy(after -> {
            assertThat(after).doesNotContain("wrong-password").doesNotContain(DemoDirectory.USER_PASSWORD)
                    .doesNotContain(DemoDirectory.ADMINISTRATOR_PASSWORD);
            DIAGNOSTIC_TEXT.forEach(text -> assertThat(after).as(text).doesNotContain(text));
        });
        assertThat(audited).extracting(e -> (String) e.get("after"))
                .anySatisfy(after -> assertThat(after).contains("\"problem\":\"ad-bad-credentials\"")
                        .contains("\"step\":\"BIND\"").contains("\"failure\":\"BAD_CREDENTIALS\""))
                .anySatisfy(after -> assertThat(after).contains("\"problem\":\"ad-field-required\"")
                        .contains("\"field\":\"adminPassword\""));
        assertThat(audited).allSatisfy(e -> assertThat(e).containsEntry("actor", "admin@" + tenant)
                .containsEntry("service", "directory-service"));
    }

    @Test
    void eachTenantMayCheckOnlySoOftenWithoutHinderingOthers() {
        String busy = api.provision().tenantId();
        String other = api.provision().tenantId();
        for (int i = 1; i <= 10; i++) {
            assertThat(save(busy, Map.of("primaryIp", "169.254.0." + i), null).getStatusCode()).as("attempt " + i)
                    .isEqualTo(HttpStatus.BAD_REQUEST);
        }
        ResponseEntity<Map> limited = save(busy, Map.of(), null);
        assertThat(limited.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(limited.getBody()).containsEntry("type", "urn:sra:problem:ad-check-rate-limited");
        long retryAfter = Long.parseLong(limited.getHeaders().getFirst(HttpHeaders.RETRY_AFTER));
        assertThat(retryAfter).isBetween(1L, 60L);
        assertThat(((Number) limited.getBody().get("retryAfter")).longValue()).isEqualTo(retryAfter);
        assertThat((String) limited.getBody().get("detail")).contains("60 秒間に 10 回まで")
                .contains("約 " + retryAfter + " 秒後").contains("設定は保存していません");
        ResponseEntity<Map> limitedEn = save(busy, Map.of(), "en");
        assertThat(limitedEn.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat((String) limitedEn.getBody().get("detail")).contains("at most 10 times in 60 seconds");

        // another tenant checks and saves as usual
        ResponseEntity<Map> saved = save(other, Map.of(), null);
        assertThat(saved.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(saved.getBody()).containsEntry("authType", "ACTIVE_DIRECTORY");
        assertThat(api.call(HttpMethod.GET, "/api/settings", TestTokens.admin(busy), null).getBody())
                .containsEntry("activeDirectory", null);

        // ten refusals and one rate-limit entry (the second rate-limited attempt is only logged);
        // a later change of the tenant shows that entries written after them have arrived
        assertThat(api.call(HttpMethod.PUT, "/api/settings/dns", TestTokens.admin(busy),
                Map.of("primaryDns", "192.0.2.53")).getStatusCode()).isEqualTo(HttpStatus.OK);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                total(busy, "SETTINGS_DNS_CHANGED") == 1 && total(busy, AdCheckAttempt.REFUSED) >= 11);
        List<Map<String, Object>> audited = awaitAudit(busy, 11);
        assertThat(audited).extracting(e -> (String) e.get("after"))
                .filteredOn(after -> after.contains("\"outcome\":\"RATE_LIMITED\"")).singleElement()
                .satisfies(after -> assertThat(after).contains("\"problem\":\"ad-check-rate-limited\""));
    }

    private ResponseEntity<Map> save(String tenant, Map<String, Object> change, String language) {
        return http.exchange("/api/settings/active-directory", HttpMethod.PUT, request(tenant, change, language),
                Map.class);
    }

    private ResponseEntity<String> saveText(String tenant, Map<String, Object> change, String language) {
        return http.exchange("/api/settings/active-directory", HttpMethod.PUT, request(tenant, change, language),
                String.class);
    }

    private static HttpEntity<Map<String, Object>> request(String tenant, Map<String, Object> change, String language) {
        Map<String, Object> form = SettingsIntegrationTests.adForm();
        form.putAll(change);
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestTokens.admin(tenant));
        if (language != null) {
            headers.set(HttpHeaders.ACCEPT_LANGUAGE, language);
        }
        return new HttpEntity<>(form, headers);
    }

    private long total(String tenant, String action) {
        return ((Number) api.call(HttpMethod.GET, "/api/audit?action=" + action, TestTokens.admin(tenant), null)
                .getBody().get("total")).longValue();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> awaitAudit(String tenant, int count) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> total(tenant, AdCheckAttempt.REFUSED) >= count);
        Map<String, Object> page = api.call(HttpMethod.GET, "/api/audit?action=" + AdCheckAttempt.REFUSED,
                TestTokens.admin(tenant), null).getBody();
        assertThat(page).containsEntry("total", count);
        return (List<Map<String, Object>>) page.get("items");
    }

    private static ServerSocket listen(String address, int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(address), port));
        return socket;
    }

    /** Whether someone connects within {@code wait}; the connection is closed at once (a server gone). */
    private static boolean accepted(ServerSocket socket, Duration wait) {
        try {
            socket.setSoTimeout((int) wait.toMillis());
            try (Socket client = socket.accept()) {
                return true;
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
