package org.sra.auth.password;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCrypt;
import org.sra.auth.decision.PasswordCheck;
import org.sra.auth.readmodel.LocalPasswordView;
import org.sra.kit.secrets.SecretSealer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * LOCAL passwords (R-AUT-2): bcrypt against the sealed hash from {@code LocalPasswordSet}, off the
 * caller's thread, within the deadline, with a short cache of successes that never holds the password.
 */
class LocalPasswordsTests {

    static final SecretSealer SEALER = new SecretSealer(new byte[32]);

    /** LocalPasswords over a fixed map of {@code tenant:lowercase name} → view (test helper). */
    static LocalPasswords passwords(Map<String, LocalPasswordView> byName) {
        return passwords(byName, LocalPasswordSettings.defaults());
    }

    static LocalPasswords passwords(Map<String, LocalPasswordView> byName, LocalPasswordSettings settings) {
        return new LocalPasswords((tenant, user) -> Optional.ofNullable(byName.get(tenant + ":" + user.toLowerCase(Locale.ROOT))),
                SEALER, settings, new SimpleMeterRegistry());
    }

    static LocalPasswordView view(String tenant, String user, String password, int cost) {
        String hash = BCrypt.hashpw(password, BCrypt.gensalt(cost));
        return new LocalPasswordView(tenant + ":lu-" + user, tenant, "lu-" + user, user,
                SEALER.seal(hash, "local-password:" + tenant), false, Instant.now());
    }

    static Instant inThreeSeconds() {
        return Instant.now().plusSeconds(3);
    }

    @Test
    void theRightPasswordIsValidAWrongOneInvalidAndAnUnknownUserUnknown() {
        Map<String, LocalPasswordView> users = new ConcurrentHashMap<>(Map.of("t1:taro", view("t1", "Taro", "L0cal!Pass", 4)));
        try (LocalPasswords local = passwords(users)) {
            assertThat(local.verify("t1", "taro", "L0cal!Pass", inThreeSeconds())).isEqualTo(PasswordCheck.VALID);
            assertThat(local.verify("t1", "TARO", "L0cal!Pass", inThreeSeconds())).isEqualTo(PasswordCheck.VALID);
            assertThat(local.verify("t1", "taro", "l0cal!pass", inThreeSeconds())).isEqualTo(PasswordCheck.INVALID);
            assertThat(local.verify("t1", "taro", "", inThreeSeconds())).isEqualTo(PasswordCheck.INVALID);
            assertThat(local.verify("t1", "hanako", "L0cal!Pass", inThreeSeconds())).isEqualTo(PasswordCheck.UNKNOWN_ACCOUNT);
            // tenant-scoped: the same name in another tenant is another (unknown) user
            assertThat(local.verify("t2", "taro", "L0cal!Pass", inThreeSeconds())).isEqualTo(PasswordCheck.UNKNOWN_ACCOUNT);
        }
    }

    @Test
    void aHashSealedForAnotherTenantOpensNothing() {
        LocalPasswordView other = view("t-other", "taro", "L0cal!Pass", 4);
        LocalPasswordView moved = new LocalPasswordView("t1:lu-taro", "t1", "lu-taro", "taro", other.sealedPasswordHash(),
                false, Instant.now());
        try (LocalPasswords local = passwords(Map.of("t1:taro", moved))) {
            assertThat(local.verify("t1", "taro", "L0cal!Pass", inThreeSeconds())).isEqualTo(PasswordCheck.UNAVAILABLE);
        }
    }

    @Test
    void aRecentSuccessIsRememberedWithoutBcryptAndAResetPasswordMissesIt() {
        Map<String, LocalPasswordView> users = new ConcurrentHashMap<>();
        users.put("t1:taro", view("t1", "taro", "Old!Passw0rd", 12));
        try (LocalPasswords local = passwords(users)) {
            long first = System.nanoTime();
            assertThat(local.verify("t1", "taro", "Old!Passw0rd", inThreeSeconds())).isEqualTo(PasswordCheck.VALID);
            Duration bcrypt = Duration.ofNanos(System.nanoTime() - first);
            long second = System.nanoTime();
            assertThat(local.verify("t1", "taro", "Old!Passw0rd", inThreeSeconds())).isEqualTo(PasswordCheck.VALID);
            Duration cached = Duration.ofNanos(System.nanoTime() - second);
            assertThat(cached).isLessThan(bcrypt.dividedBy(10));
            assertThat(local.cachedSuccesses()).isEqualTo(1);

            // the admin resets the password: the old one no longer opens anything, cache or not
            users.put("t1:taro", view("t1", "taro", "New!Passw0rd", 4));
            assertThat(local.verify("t1", "taro", "Old!Passw0rd", inThreeSeconds())).isEqualTo(PasswordCheck.INVALID);
            assertThat(local.verify("t1", "taro", "New!Passw0rd", inThreeSeconds())).isEqualTo(PasswordCheck.VALID);
        }
    }

    @Test
    void theCacheHoldsNeitherThePasswordNorTheHash() throws Exception {
        LocalPasswordView taro = view("t1", "taro", "S3cret!Value", 4);
        try (LocalPasswords local = passwords(Map.of("t1:taro", taro))) {
            assertThat(local.verify("t1", "taro", "S3cret!Value", inThreeSeconds())).isEqualTo(PasswordCheck.VALID);
            var field = LocalPasswords.class.getDeclaredField("recentSuccesses");
            field.setAccessible(true);
            String keys = field.get(local).toString();
            assertThat(keys).doesNotContain("S3cret!Value").doesNotContain(taro.sealedPasswordHash())
                    .doesNotContain("taro");
        }
    }

    @Test
    void aStormOfIdenticalAttemptsRunsBcryptOnceAndAnswersWithinTheDeadline() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Map<String, LocalPasswordView> users = Map.of("t1:taro", view("t1", "taro", "L0cal!Pass", 12));
        try (LocalPasswords local = new LocalPasswords((t, u) -> Optional.ofNullable(users.get(t + ":" + u)), SEALER,
                new LocalPasswordSettings(1, 4, Duration.ofSeconds(60), 100), meters);
             ExecutorService clients = Executors.newFixedThreadPool(20)) {
            List<CompletableFuture<PasswordCheck>> storm = IntStream.range(0, 20).mapToObj(i -> CompletableFuture
                    .supplyAsync(() -> local.verify("t1", "taro", "L0cal!Pass", inThreeSeconds()), clients)).toList();
            assertThat(storm.stream().map(CompletableFuture::join)).containsOnly(PasswordCheck.VALID);
            assertThat(meters.counter("sra.auth.local.bcrypt").count()).isEqualTo(1.0);
        }
    }

    @Test
    void aFullQueueOrAPassedDeadlineAnswersUnavailableAtOnce() {
        Map<String, LocalPasswordView> users = new ConcurrentHashMap<>();
        for (int i = 0; i < 6; i++) {
            users.put("t1:user" + i, view("t1", "user" + i, "pw-" + i, 12));
        }
        try (LocalPasswords local = passwords(users, new LocalPasswordSettings(1, 1, Duration.ofSeconds(60), 100));
             ExecutorService clients = Executors.newFixedThreadPool(6)) {
            // a deadline that has passed: no bcrypt at all
            assertThat(local.verify("t1", "user0", "pw-0", Instant.now().minusMillis(1))).isEqualTo(PasswordCheck.UNAVAILABLE);
            // one worker, one place in line: of six distinct checks at once, some are refused at once
            long start = System.nanoTime();
            List<CompletableFuture<PasswordCheck>> all = IntStream.range(0, 6).mapToObj(i -> CompletableFuture
                    .supplyAsync(() -> local.verify("t1", "user" + i, "pw-" + i, Instant.now().plusSeconds(10)), clients)).toList();
            List<PasswordCheck> results = all.stream().map(CompletableFuture::join).toList();
            assertThat(results).contains(PasswordCheck.UNAVAILABLE).contains(PasswordCheck.VALID);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }
}
