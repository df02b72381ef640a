package org.sra.directory.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.sra.directory.DirectoryIntegrationTest;
import org.sra.directory.Fixtures;
import org.sra.directory.Fixtures.NewTenant;
import org.sra.events.EventEnvelope;
import org.sra.events.Topics;
import org.sra.events.settings.SettingsChanged;
import org.sra.kit.test.TestTokens;

/**
 * メールの言語 in 全体設定: Japanese by default, English when chosen, saved with the settings and
 * carried on {@code SettingsChanged} (notification-service writes every mail to the admins in it).
 */
@DirectoryIntegrationTest
class MailLanguageIntegrationTests {

    @Autowired
    TestRestTemplate http;
    @Autowired
    EmbeddedKafkaBroker broker;
    Fixtures api;

    @BeforeEach
    void setUp() {
        api = new Fixtures(http);
    }

    @Test
    void japaneseByDefaultEnglishWhenChosenAndTheEventCarriesIt() {
        NewTenant tenant = api.provision();
        String admin = TestTokens.admin(tenant.tenantId());
        assertThat(api.call(HttpMethod.GET, "/api/settings", admin, null).getBody()).containsEntry("mailLanguage", "ja");

        try (Consumer<String, byte[]> consumer = Fixtures.consumer(broker, Topics.SETTINGS)) {
            ResponseEntity<Map> saved = api.call(HttpMethod.PUT, "/api/settings/mail-language", admin,
                    Map.of("mailLanguage", "en"));
            assertThat(saved.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(saved.getBody()).containsEntry("mailLanguage", "en");
            // a later change of another setting keeps the language
            api.call(HttpMethod.PUT, "/api/settings/notification-addresses", admin,
                    Map.of("addresses", "ops@example.com"));

            List<EventEnvelope> events = Fixtures.await(consumer, e -> e.tenantId().equals(tenant.tenantId())
                    && e.payload() instanceof SettingsChanged, 2);
            assertThat(events).extracting(e -> ((SettingsChanged) e.payload()).language()).containsExactly("en", "en");
            assertThat(((SettingsChanged) events.get(1).payload()).notificationAddresses())
                    .containsExactly("ops@example.com");
        }
        assertThat(api.call(HttpMethod.GET, "/api/settings", TestTokens.auditor(tenant.tenantId()), null).getBody())
                .containsEntry("mailLanguage", "en");

        assertThat(api.call(HttpMethod.PUT, "/api/settings/mail-language", admin, Map.of("mailLanguage", "JA"))
                .getBody()).as("any case").containsEntry("mailLanguage", "ja");
    }

    @Test
    void anotherLanguageIsRefusedNamingTheFieldAsTheScreenDoes() {
        NewTenant tenant = api.provision();
        String admin = TestTokens.admin(tenant.tenantId());
        ResponseEntity<Map> refused = api.call(HttpMethod.PUT, "/api/settings/mail-language", admin,
                Map.of("mailLanguage", "fr"));
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody()).containsEntry("type", "urn:sra:problem:mail-language-invalid")
                .containsEntry("field", "mailLanguage");
        assertThat((String) refused.getBody().get("detail")).contains("メールの言語").contains("fr");

        HttpHeaders english = new HttpHeaders();
        english.setBearerAuth(admin);
        english.set(HttpHeaders.ACCEPT_LANGUAGE, "en");
        ResponseEntity<Map> inEnglish = http.exchange("/api/settings/mail-language", HttpMethod.PUT,
                new HttpEntity<>(Map.of(), english), Map.class);
        assertThat(inEnglish.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat((String) inEnglish.getBody().get("detail")).contains("mail language");
        assertThat(api.call(HttpMethod.PUT, "/api/settings/mail-language", TestTokens.auditor(tenant.tenantId()),
                Map.of("mailLanguage", "en")).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(api.call(HttpMethod.GET, "/api/settings", admin, null).getBody()).containsEntry("mailLanguage", "ja");
    }
}
