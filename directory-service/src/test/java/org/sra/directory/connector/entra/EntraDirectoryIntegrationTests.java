package org.sra.directory.connector.entra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sra.directory.connector.entra.EntraDirectory.Step;
import org.sra.directory.connector.entra.EntraDirectory.VerificationFailed;
import org.sra.fixtures.entra.EntraStandIn;

/**
 * The Entra ID connector against the stand-in (MSAL4J and Graph over HTTPS, real AADSTS error
 * bodies): paging, OData-escaped search, the verification steps of R-SET-3 and throttling.
 */
class EntraDirectoryIntegrationTests {

    static EntraStandIn entra;
    static EntraConnectionSettings settings;

    static final EntraApplication APP = new EntraApplication(EntraStandIn.DOMAIN, EntraStandIn.CLIENT_ID,
            EntraStandIn.CLIENT_SECRET);

    @BeforeAll
    static void start() {
        entra = EntraStandIn.start(0);
        entra.addUsers(2_500);
        settings = new EntraConnectionSettings(URI.create(entra.authority()), URI.create(entra.graphBase()),
                Duration.ofSeconds(2), Duration.ofSeconds(5), 3, Duration.ofSeconds(2), entra.clientTls());
    }

    @AfterEach
    void reset() {
        entra.throttleNextGraphCalls(0, 1);
        entra.expireSecret(false);
    }

    @AfterAll
    static void stop() {
        entra.close();
    }

    @Test
    void listsEveryUserByFollowingTheNextLinks() {
        int before = entra.graphRequests();
        List<EntraUser> users = EntraDirectory.connect(settings, APP).users(null, 50_000);
        assertThat(users).hasSize(EntraStandIn.defaultUsers().size() + 2_500);
        assertThat(entra.graphRequests() - before).isEqualTo(3); // 999 + 999 + 510
        assertThat(users).extracting(EntraUser::userPrincipalName).doesNotHaveDuplicates()
                .contains("taro.yamada@contoso.example", "user02500@contoso.example");
        EntraUser disabled = users.stream().filter(u -> u.userPrincipalName().startsWith("disabled.user")).findFirst()
                .orElseThrow();
        assertThat(disabled.accountEnabled()).isFalse();
        EntraUser room = users.stream().filter(u -> u.userPrincipalName().startsWith("room.101")).findFirst()
                .orElseThrow();
        assertThat(room.mail()).isNull();
    }

    @Test
    void stopsReadingAtTheLimit() {
        int before = entra.graphRequests();
        assertThat(EntraDirectory.connect(settings, APP).users(null, 10)).hasSize(10);
        assertThat(entra.graphRequests() - before).isEqualTo(1);
    }

    @Test
    void searchesByTheStartOfNameUpnOrMail() {
        EntraDirectory directory = EntraDirectory.connect(settings, APP);
        assertThat(directory.users("taro", 100)).extracting(EntraUser::userPrincipalName)
                .containsExactly("taro.yamada@contoso.example");
        assertThat(directory.users("佐藤", 100)).extracting(EntraUser::userPrincipalName)
                .containsExactly("hanako.sato@contoso.example");
        assertThat(directory.users("Conan O'B", 100)).extracting(EntraUser::displayName)
                .containsExactly("Conan O'Brien");
        assertThat(directory.users("user0001", 100)).hasSize(10);
    }

    @Test
    void odataInjectionStringsMatchNothingExtra() {
        EntraDirectory directory = EntraDirectory.connect(settings, APP);
        for (String hostile : List.of("'", "''", "x') or startswith(displayName,'", "') or true or ('",
                "a' or 'a' eq 'a", "*", "\\", "%27", "&$top=1", "#", "taro') or startswith(userPrincipalName,'")) {
            assertThat(directory.users(hostile, 100)).as(hostile).isEmpty();
        }
        assertThat(EntraDirectory.filter("O'Brien")).isEqualTo("startswith(displayName,'O''Brien') or "
                + "startswith(userPrincipalName,'O''Brien') or startswith(mail,'O''Brien')");
    }

    @Test
    void verificationPassesWithTheRightApplicationAndAdmin() {
        EntraDirectory.verify(settings, APP, EntraStandIn.ADMIN, EntraStandIn.ADMIN_PASSWORD);
    }

    @Test
    void verificationNamesTheFailedStepAndWhy() {
        assertFailure(new EntraApplication(EntraStandIn.DOMAIN, EntraStandIn.CLIENT_ID, "wrong-secret"),
                EntraStandIn.ADMIN, EntraStandIn.ADMIN_PASSWORD, Step.CLIENT_CREDENTIALS, EntraFailure.BAD_SECRET);
        assertFailure(new EntraApplication("nowhere.example", EntraStandIn.CLIENT_ID, EntraStandIn.CLIENT_SECRET),
                EntraStandIn.ADMIN, EntraStandIn.ADMIN_PASSWORD, Step.CLIENT_CREDENTIALS, EntraFailure.UNKNOWN_TENANT);
        assertFailure(new EntraApplication(EntraStandIn.DOMAIN, "00000000-0000-0000-0000-000000000000",
                EntraStandIn.CLIENT_SECRET), EntraStandIn.ADMIN, EntraStandIn.ADMIN_PASSWORD,
                Step.CLIENT_CREDENTIALS, EntraFailure.UNKNOWN_CLIENT);
        assertFailure(APP, EntraStandIn.ADMIN, "wrong password", Step.ADMIN_SIGN_IN, EntraFailure.BAD_CREDENTIALS);
        assertFailure(APP, EntraStandIn.MFA_USER, EntraStandIn.USER_PASSWORD, Step.ADMIN_SIGN_IN,
                EntraFailure.MFA_REQUIRED);
        assertFailure(APP, "disabled.user", EntraStandIn.USER_PASSWORD, Step.ADMIN_SIGN_IN,
                EntraFailure.ACCOUNT_DISABLED);
        assertFailure(APP, EntraStandIn.ADMIN, "", Step.ADMIN_SIGN_IN, EntraFailure.BAD_CREDENTIALS);
        entra.expireSecret(true);
        assertFailure(APP, EntraStandIn.ADMIN, EntraStandIn.ADMIN_PASSWORD, Step.CLIENT_CREDENTIALS,
                EntraFailure.SECRET_EXPIRED);
    }

    @Test
    void anUnreachableAuthorityIsReportedAsSuch() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        EntraConnectionSettings nowhere = new EntraConnectionSettings(URI.create("https://127.0.0.1:" + closedPort + "/"),
                URI.create("https://127.0.0.1:" + closedPort + "/"), Duration.ofSeconds(1), Duration.ofSeconds(2), 3,
                Duration.ofSeconds(2), entra.clientTls());
        assertThatThrownBy(() -> EntraDirectory.verify(nowhere, APP, EntraStandIn.ADMIN, EntraStandIn.ADMIN_PASSWORD))
                .isInstanceOfSatisfying(VerificationFailed.class, e -> {
                    assertThat(e.step()).isEqualTo(Step.CLIENT_CREDENTIALS);
                    assertThat(e.failure()).isEqualTo(EntraFailure.UNREACHABLE);
                });
    }

    @Test
    void waitsOutThrottlingAsRetryAfterSays() {
        entra.throttleNextGraphCalls(2, 1);
        long start = System.nanoTime();
        assertThat(EntraDirectory.connect(settings, APP).users("taro", 10)).hasSize(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void givesUpOnLongThrottlingWithTheRetryAfterToPassOn() {
        entra.throttleNextGraphCalls(10, 1);
        assertThatThrownBy(() -> EntraDirectory.connect(settings, APP).users(null, 10))
                .isInstanceOfSatisfying(EntraException.class, e -> {
                    assertThat(e.failure()).isEqualTo(EntraFailure.THROTTLED);
                    assertThat(e.retryAfterSeconds()).isEqualTo(1);
                });
        entra.throttleNextGraphCalls(1, 120); // longer than we ever wait: give up at once
        int before = entra.graphRequests();
        assertThatThrownBy(() -> EntraDirectory.connect(settings, APP).users(null, 10))
                .isInstanceOfSatisfying(EntraException.class, e -> assertThat(e.retryAfterSeconds()).isEqualTo(120));
        assertThat(entra.graphRequests() - before).isEqualTo(1);
    }

    private static void assertFailure(EntraApplication app, String admin, String password, Step step,
                                      EntraFailure failure) {
        assertThatThrownBy(() -> EntraDirectory.verify(settings, app, admin, password))
                .as(failure.name())
                .isInstanceOfSatisfying(VerificationFailed.class, e -> {
                    assertThat(e.step()).isEqualTo(step);
                    assertThat(e.failure()).isEqualTo(failure);
                    assertThat(e.getMessage()).doesNotContain(password.isEmpty() ? "\u0000" : password);
                });
    }
}
