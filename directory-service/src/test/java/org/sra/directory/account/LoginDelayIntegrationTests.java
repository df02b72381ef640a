package org.sra.directory.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.sra.directory.DirectoryIntegrationTest;
import org.sra.directory.Fixtures;
import org.sra.directory.Fixtures.NewTenant;
import org.sra.fixtures.time.MovableClock;
import org.sra.kit.error.DomainException;
import org.sra.kit.security.Role;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * R-ACC-3 without waiting: the growing delay after failed logins, with a test clock, against the
 * real store of the shared context (the back-off records are keyed by login id and source, so a
 * login service with its own clock and settings shares them with the running service).
 */
@DirectoryIntegrationTest
class LoginDelayIntegrationTests {

    @Autowired
    TestRestTemplate http;
    @Autowired
    Accounts accounts;
    @Autowired
    Passwords passwords;
    @Autowired
    LoginAttemptStore attempts;
    @Autowired
    AdminSessions sessions;
    @Autowired
    SessionTokens tokens;
    @Autowired
    MeterRegistry meters;
    @Autowired
    TenantAdmins admins;
    @Autowired
    AdminLastLogins lastLogins;
    @Autowired
    JwtDecoder decoder;

    Fixtures api;
    MovableClock clock;
    ExecutorService guessers;

    @BeforeEach
    void setUp() {
        api = new Fixtures(http);
        // a whole second of a real instant: the store keeps milliseconds
        clock = new MovableClock(Instant.ofEpochSecond(Instant.now().getEpochSecond()));
    }

    @AfterEach
    void tearDown() {
        if (guessers != null) {
            guessers.shutdownNow();
        }
    }

    /** 5 failures, then 1 s doubling up to 8 s; 10 failures from one address. */
    private AdminLogin login(int accountThreshold, int sourceThreshold) {
        AccountSettings settings = new AccountSettings(null, null, null, 10, accountThreshold, sourceThreshold,
                Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofHours(24));
        return new AdminLogin(accounts, passwords, attempts, sessions, tokens, settings, meters, clock, lastLogins);
    }

    private static String address() {
        return "198.18." + (int) (Math.random() * 250) + "." + (int) (1 + Math.random() * 250);
    }

    @Test
    void theRightPasswordWaitsOutTheDelayAndThenLogsInAndForgetsTheFailures() {
        NewTenant tenant = api.provision();
        api.activate(tenant.loginId(), tenant.initialPassword());
        AdminLogin login = login(5, 100);
        String source = address();
        for (int i = 0; i < 5; i++) {
            assertThat(refusal(login, tenant.loginId(), "Wrong-Password-" + i, source).kind())
                    .isEqualTo(DomainException.Kind.UNAUTHENTICATED);
        }

        DomainException waiting = refusal(login, tenant.loginId(), Fixtures.STRONG, source);
        assertThat(waiting.kind()).isEqualTo(DomainException.Kind.TOO_MANY_REQUESTS);
        assertThat(waiting.slug()).isEqualTo("login-delayed");
        assertThat(waiting.properties()).containsEntry("retryAfter", 1L);
        assertThat(waiting.args()).containsExactly("1");
        // from another address too: the delay is the login id's
        assertThat(refusal(login, tenant.loginId(), Fixtures.STRONG, address()).kind())
                .isEqualTo(DomainException.Kind.TOO_MANY_REQUESTS);

        clock.advance(Duration.ofMillis(999));
        assertThat(refusal(login, tenant.loginId(), Fixtures.STRONG, source).kind())
                .isEqualTo(DomainException.Kind.TOO_MANY_REQUESTS);
        clock.advance(Duration.ofMillis(1));
        AdminLogin.SignedIn in = login.login(tenant.loginId(), Fixtures.STRONG, source);
        assertThat(in.account().loginId()).isEqualTo(tenant.loginId());
        assertThat(attempts.get(AdminLogin.accountKey(tenant.loginId())).failures()).isZero();
        // the count starts again: four more failures delay nothing
        for (int i = 0; i < 4; i++) {
            refusal(login, tenant.loginId(), "Wrong-Password-" + i, source);
        }
        assertThat(login.login(tenant.loginId(), Fixtures.STRONG, source).account().loginId())
                .isEqualTo(tenant.loginId());
    }

    @Test
    void everyWrongPasswordAfterTheDelayDoublesItUpToTheLongest() {
        AdminLogin login = login(5, 100);
        String loginId = Fixtures.unique("grow");
        String source = address();
        for (int i = 0; i < 5; i++) {
            refusal(login, loginId, "Wrong-Password-" + i, source);
        }
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            DomainException waiting = refusal(login, loginId, "Wrong-Password-x", source);
            long seconds = (Long) waiting.properties().get("retryAfter");
            waits.add(seconds);
            clock.advance(Duration.ofSeconds(seconds));
            assertThat(refusal(login, loginId, "Wrong-Password-y", source).kind())
                    .as("after the wait the password is checked again").isEqualTo(DomainException.Kind.UNAUTHENTICATED);
        }
        assertThat(waits).containsExactly(1L, 2L, 4L, 8L, 8L, 8L);
    }

    @Test
    void attemptsWithinTheDelayAreNotCountedSoHammeringCannotProlongIt() {
        AdminLogin login = login(5, 1000);
        String loginId = Fixtures.unique("hammer");
        String source = address();
        for (int i = 0; i < 6; i++) {
            clock.advance(Duration.ofSeconds(1));
            refusal(login, loginId, "Wrong-Password-" + i, source);
        }
        // 6 failures: the next attempt waits 2 s
        for (int i = 0; i < 50; i++) {
            assertThat(refusal(login, loginId, "Wrong-Password-z", source).properties())
                    .containsEntry("retryAfter", 2L);
        }
        assertThat(attempts.get(AdminLogin.accountKey(loginId)).failures()).isEqualTo(6);
        assertThat(attempts.get("source:" + source).failures()).isEqualTo(6);
        clock.advance(Duration.ofSeconds(2));
        assertThat(refusal(login, loginId, "Wrong-Password-z", source).kind()).isEqualTo(DomainException.Kind.UNAUTHENTICATED);
    }

    @Test
    void aKnownAndAnUnknownLoginIdGetTheSameAnswersAtEveryStep() {
        NewTenant tenant = api.provision();
        api.activate(tenant.loginId(), tenant.initialPassword());
        AdminLogin login = login(5, 100);
        String unknown = Fixtures.unique("nobody");
        for (int i = 0; i < 8; i++) {
            DomainException known = refusal(login, tenant.loginId(), "Wrong-Password-" + i, address());
            DomainException nobody = refusal(login, unknown, "Wrong-Password-" + i, address());
            assertThat(List.of(nobody.kind(), nobody.slug(), List.of(nobody.args()), nobody.properties()))
                    .as("attempt %d", i)
                    .isEqualTo(List.of(known.kind(), known.slug(), List.of(known.args()), known.properties()));
            if (known.kind() == DomainException.Kind.TOO_MANY_REQUESTS) {
                clock.advance(Duration.ofSeconds((Long) known.properties().get("retryAfter")));
            }
        }
    }

    @Test
    void anAddressWithTooManyFailuresWaitsForEveryLoginIdButOthersDoNot() {
        NewTenant tenant = api.provision();
        api.activate(tenant.loginId(), tenant.initialPassword());
        AdminLogin login = login(5, 10);
        String attacker = address();
        for (int i = 0; i < 10; i++) {
            refusal(login, Fixtures.unique("guess"), "Guess-Password-" + i, attacker);
        }
        DomainException waiting = refusal(login, tenant.loginId(), Fixtures.STRONG, attacker);
        assertThat(waiting.slug()).isEqualTo("login-delayed");
        assertThat(waiting.properties()).containsEntry("retryAfter", 1L);
        // the refused attempt did not count against the account
        assertThat(attempts.get(AdminLogin.accountKey(tenant.loginId())).failures()).isZero();
        assertThat(login.login(tenant.loginId(), Fixtures.STRONG, address()).account().loginId())
                .isEqualTo(tenant.loginId());
        clock.advance(Duration.ofSeconds(1));
        assertThat(login.login(tenant.loginId(), Fixtures.STRONG, attacker).account().loginId())
                .isEqualTo(tenant.loginId());
        // a successful login is not a failure of its address
        assertThat(attempts.get("source:" + attacker).failures()).isEqualTo(10);
    }

    @Test
    void aPasswordResetByAnotherAdminEndsTheDelayAtOnce() {
        NewTenant tenant = api.provision();
        api.activate(tenant.loginId(), tenant.initialPassword());
        AdminLogin login = login(5, 100);
        Account second = admins.add(tenant.tenantId(), Fixtures.unique("second"), Role.ADMIN)
                .account();
        for (int i = 0; i < 12; i++) {
            clock.advance(Duration.ofSeconds(10));
            refusal(login, second.loginId(), "Wrong-Password-" + i, address());
        }
        assertThat(refusal(login, second.loginId(), "Wrong-Password-x", address()).kind())
                .isEqualTo(DomainException.Kind.TOO_MANY_REQUESTS);

        String fresh = admins.resetPassword(tenant.tenantId(), second.id()).initialPassword();
        assertThat(login.login(second.loginId(), fresh, address()).account().passwordChangeRequired()).isTrue();
    }

    @Test
    void aPasswordChangeWithTooManyWrongCurrentPasswordsWaitsTooAndThenSucceeds() {
        NewTenant tenant = api.provision();
        api.activate(tenant.loginId(), tenant.initialPassword());
        AdminLogin login = login(5, 100);
        Jwt token = decoder.decode(login.login(tenant.loginId(), Fixtures.STRONG, address()).token().value());
        for (int i = 0; i < 5; i++) {
            DomainException wrong = catchThrowableOfType(DomainException.class,
                    () -> login.changePassword(token, "Wrong-Current-1", "Another-Strong-Pass-2027"));
            assertThat(wrong.slug()).isEqualTo("current-password-wrong");
        }
        DomainException waiting = catchThrowableOfType(DomainException.class,
                () -> login.changePassword(token, Fixtures.STRONG, "Another-Strong-Pass-2027"));
        assertThat(waiting.kind()).isEqualTo(DomainException.Kind.TOO_MANY_REQUESTS);
        assertThat(waiting.slug()).isEqualTo("password-change-delayed");
        assertThat(waiting.properties()).containsEntry("retryAfter", 1L);
        // the same login id's logins wait too
        assertThat(refusal(login, tenant.loginId(), Fixtures.STRONG, address()).slug()).isEqualTo("login-delayed");

        clock.advance(Duration.ofSeconds(1));
        assertThat(login.changePassword(token, Fixtures.STRONG, "Another-Strong-Pass-2027").account()
                .passwordChangeRequired()).isFalse();
        assertThat(attempts.get(AdminLogin.accountKey(tenant.loginId())).failures()).isZero();
    }

    @Test
    void parallelWrongGuessesBelowTheThresholdAllCount() throws Exception {
        AdminLogin login = login(100, 1000);
        String loginId = Fixtures.unique("parallel");
        List<DomainException> answers = guessAtOnce(login, loginId, 24);
        assertThat(answers).extracting(DomainException::slug).containsOnly("login-failed");
        assertThat(attempts.get(AdminLogin.accountKey(loginId)).failures()).isEqualTo(24);
    }

    @Test
    void parallelWrongGuessesAtTheThresholdAreCheckedOnlyAsOftenAsCounted() throws Exception {
        AdminLogin login = login(5, 1000);
        String loginId = Fixtures.unique("burst");
        List<DomainException> answers = guessAtOnce(login, loginId, 16);
        // every password that was checked is counted; the others were told to wait without a check
        assertThat(answers).filteredOn(a -> a.slug().equals("login-failed")).hasSize(5);
        assertThat(answers).filteredOn(a -> a.slug().equals("login-delayed")).hasSize(11)
                .allSatisfy(a -> assertThat(a.properties()).containsEntry("retryAfter", 1L));
        assertThat(attempts.get(AdminLogin.accountKey(loginId)).failures()).isEqualTo(5);
    }

    private List<DomainException> guessAtOnce(AdminLogin login, String loginId, int guesses) throws Exception {
        guessers = Executors.newFixedThreadPool(guesses);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<DomainException>> futures = new ArrayList<>();
        for (int i = 0; i < guesses; i++) {
            String password = "Parallel-Guess-" + i;
            String source = "198.19.0." + (i + 1);
            futures.add(guessers.submit(() -> {
                start.await();
                return refusal(login, loginId, password, source);
            }));
        }
        start.countDown();
        List<DomainException> answers = new ArrayList<>();
        for (Future<DomainException> future : futures) {
            answers.add(future.get(60, TimeUnit.SECONDS));
        }
        return answers;
    }

    private static DomainException refusal(AdminLogin login, String loginId, String password, String source) {
        DomainException refused = catchThrowableOfType(DomainException.class,
                () -> login.login(loginId, password, source));
        assertThat(refused).as("login of %s refused", loginId).isNotNull();
        return refused;
    }
}
