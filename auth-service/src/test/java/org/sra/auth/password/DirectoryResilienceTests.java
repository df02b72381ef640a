package org.sra.auth.password;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

import javax.net.ssl.SSLSocketFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.sra.auth.decision.PasswordCheck;
import org.sra.auth.readmodel.TenantView;
import org.sra.auth.support.SilentServer;
import org.sra.auth.support.TestDirectory;
import org.sra.events.settings.AuthType;
import org.sra.events.settings.SettingsChanged;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * R-AUT-2 and R-AUT-8 against a real LDAP server (UnboundID in-memory, AD-like binds) on
 * loopback: bind as the user, primary then secondary, an answer within the deadline even when
 * the directory hangs, breakers that stop hammering a dead server and recover by themselves.
 */
class DirectoryResilienceTests {

    static TestDirectory directory;
    static SilentServer hanging;
    static final String DEAD = "127.0.0.1:1";

    @BeforeAll
    static void start() throws Exception {
        directory = TestDirectory.start("taro", "hanako");
        hanging = new SilentServer();
    }

    @AfterAll
    static void stop() throws Exception {
        directory.close();
        hanging.close();
    }

    static PasswordVerification verification(Duration breakerOpenFor) {
        DirectorySettings settings = new DirectorySettings(Duration.ofMillis(800), 4, Duration.ofMillis(200), 4, breakerOpenFor,
                "https://login.microsoftonline.com/", null, null, 389, 636);
        EntraSignIn entra = new EntraSignIn(settings, new StaticListableBeanFactory().getBeanProvider(SSLSocketFactory.class));
        return new PasswordVerification(settings, entra, LocalPasswordsTests.passwords(Map.of()),
                new SimpleMeterRegistry());
    }

    static TenantView tenant(String id, String primary, String secondary) {
        return new TenantView(id, false, "10.0.0.0/24", AuthType.ACTIVE_DIRECTORY, true, null, null, "ja",
                new SettingsChanged.ActiveDirectory("dc01." + TestDirectory.DOMAIN, primary,
                        secondary == null ? null : "dc02", secondary, TestDirectory.DOMAIN, TestDirectory.NETBIOS, false),
                null, null, null, null, null, false, Instant.now());
    }

    static Instant inThreeSeconds() {
        return Instant.now().plusSeconds(3);
    }

    @Test
    void theUserBindsWithUpnOrNetbiosNameAndAWrongPasswordIsRefused() {
        PasswordVerification v = verification(Duration.ofSeconds(10));
        TenantView t = tenant("t-bind", directory.address(), null);
        assertThat(v.verify(t, "taro", null, "taro", TestDirectory.PASSWORD, inThreeSeconds())).isEqualTo(PasswordCheck.VALID);
        assertThat(v.verify(t, "taro", null, "CORP\\taro", TestDirectory.PASSWORD, inThreeSeconds())).isEqualTo(PasswordCheck.VALID);
        assertThat(v.verify(t, "taro", null, "taro", "wrong", inThreeSeconds())).isEqualTo(PasswordCheck.INVALID);
        assertThat(v.verify(t, "taro", null, "taro", "", inThreeSeconds())).isEqualTo(PasswordCheck.INVALID);
        assertThat(v.verify(t, "nobody", null, "nobody", TestDirectory.PASSWORD, inThreeSeconds())).isEqualTo(PasswordCheck.INVALID);
        // AD takes the UPN, so the DN from the event is never used there: an account moved to another
        // OU since it was added (its DN out of date) still signs in
        assertThat(v.verify(t, "taro", "CN=taro,OU=Moved Away,DC=nowhere", "taro", TestDirectory.PASSWORD,
                inThreeSeconds())).isEqualTo(PasswordCheck.VALID);
    }

    @Test
    void theBindNameIsTheUpnOrTheNetbiosDownLevelName() {
        var ad = tenant("t", "x", null).activeDirectory();
        assertThat(PasswordVerification.bindName(ad, "taro", "taro")).isEqualTo("taro@corp.example.com");
        assertThat(PasswordVerification.bindName(ad, "taro", "CORP\\taro")).isEqualTo("CORP\\taro");
        assertThat(PasswordVerification.bindName(ad, "taro@other.example", "taro@other.example"))
                .isEqualTo("taro@other.example");
    }

    @Test
    void theSecondaryAnswersWhenThePrimaryIsDown() {
        PasswordVerification v = verification(Duration.ofSeconds(10));
        TenantView t = tenant("t-failover", DEAD, directory.address());
        assertThat(v.verify(t, "taro", null, "taro", TestDirectory.PASSWORD, inThreeSeconds())).isEqualTo(PasswordCheck.VALID);
        assertThat(v.verify(t, "taro", null, "taro", "wrong", inThreeSeconds())).isEqualTo(PasswordCheck.INVALID);
    }

    @Test
    void aHangingDirectoryStillGetsAnAnswerWithinTheDeadline() {
        PasswordVerification v = verification(Duration.ofSeconds(10));
        TenantView t = tenant("t-hanging", hanging.address(), hanging.address());
        long start = System.nanoTime();
        assertThat(v.verify(t, "taro", null, "taro", TestDirectory.PASSWORD, inThreeSeconds()))
                .isEqualTo(PasswordCheck.UNAVAILABLE);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(3000));
    }

    @Test
    void aDeadDirectoryIsNotHammeredAndRecoversWithoutRestart() throws Exception {
        PasswordVerification v = verification(Duration.ofMillis(700));
        TestDirectory flaky = TestDirectory.start("jiro");
        String address = flaky.address();
        int port = flaky.port();
        TenantView t = tenant("t-recover", address, null);
        assertThat(v.verify(t, "jiro", null, "jiro", TestDirectory.PASSWORD, inThreeSeconds())).isEqualTo(PasswordCheck.VALID);
        flaky.close();
        for (int i = 0; i < 3; i++) {
            assertThat(v.verify(t, "jiro", null, "jiro", TestDirectory.PASSWORD, inThreeSeconds())).isEqualTo(PasswordCheck.UNAVAILABLE);
        }
        long start = System.nanoTime();
        assertThat(v.verify(t, "jiro", null, "jiro", TestDirectory.PASSWORD, inThreeSeconds())).isEqualTo(PasswordCheck.UNAVAILABLE);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("breaker open: no call at all").isLessThan(Duration.ofMillis(50));

        TestDirectory back = TestDirectory.startOn(port, "jiro");
        try {
            Thread.sleep(800);
            assertThat(v.verify(t, "jiro", null, "jiro", TestDirectory.PASSWORD, inThreeSeconds())).isEqualTo(PasswordCheck.VALID);
        } finally {
            back.close();
        }
    }

    @Test
    void oneTenantsHangingDirectoryDoesNotSlowAnother() throws Exception {
        PasswordVerification v = verification(Duration.ofSeconds(10));
        TenantView stuck = tenant("t-stuck", hanging.address(), null);
        TenantView healthy = tenant("t-healthy", directory.address(), null);
        var stuckCalls = new ArrayList<CompletableFuture<PasswordCheck>>();
        for (int i = 0; i < 10; i++) {
            stuckCalls.add(CompletableFuture.supplyAsync(() -> v.verify(stuck, "taro", null, "taro", "x", inThreeSeconds()),
                    Executors.newVirtualThreadPerTaskExecutor()));
        }
        Thread.sleep(100);
        long start = System.nanoTime();
        assertThat(v.verify(healthy, "hanako", null, "hanako", TestDirectory.PASSWORD, inThreeSeconds()))
                .isEqualTo(PasswordCheck.VALID);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(300));
        // the bulkhead refused the stuck tenant's calls beyond 4 at once
        assertThat(stuckCalls.stream().map(CompletableFuture::join)).containsOnly(PasswordCheck.UNAVAILABLE);
    }

    @Test
    void anUnknownLocalUserAndAnUnselectedDirectoryHaveTheirOwnAnswers() {
        PasswordVerification v = verification(Duration.ofSeconds(10));
        TenantView local = new TenantView("t-local", false, null, AuthType.LOCAL, false, null, null, "ja", null, null,
                null, null, null, null, false, null);
        TenantView unselected = new TenantView("t-none", false, null, AuthType.UNSELECTED, false, null, null, "ja", null,
                null, null, null, null, null, false, null);
        assertThat(v.verify(local, "taro", null, "taro", "x", inThreeSeconds())).isEqualTo(PasswordCheck.UNKNOWN_ACCOUNT);
        assertThat(v.verify(unselected, "taro", null, "taro", "x", inThreeSeconds())).isEqualTo(PasswordCheck.NOT_CONFIGURED);
    }
}
