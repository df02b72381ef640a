package org.sra.auth.password;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import javax.net.ssl.SSLSocketFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.sra.auth.decision.PasswordCheck;
import org.sra.auth.readmodel.TenantView;
import org.sra.events.settings.AuthType;
import org.sra.events.settings.SettingsChanged;
import org.sra.fixtures.entra.EntraStandIn;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * R-AUT-2 for Entra ID tenants: the password is checked by MSAL4J's username/password flow
 * against the configured authority — here a local stand-in for the token endpoint — and an
 * Entra that does not answer in time still leaves the answer within the deadline (R-AUT-8).
 */
class EntraSignInTests {

    private static final String USER = "taro.yamada";
    private static final String PASSWORD = EntraStandIn.USER_PASSWORD;

    static EntraStandIn entra;

    @BeforeAll
    static void start() throws Exception {
        entra = EntraStandIn.start(0);
        // MSAL4J's first use loads and links a lot of classes (over a second on a busy 2-core box)
        verification().verify(tenant("t-warm-up"), USER, null, USER, PASSWORD, Instant.now().plusSeconds(30));
    }

    @AfterAll
    static void stop() {
        entra.close();
    }

    static PasswordVerification verification() {
        DirectorySettings settings = new DirectorySettings(Duration.ofMillis(800), 4, Duration.ofMillis(200), 4, Duration.ofSeconds(10),
                entra.authority(), null, null, 389, 636);
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("entraTls", entra.clientTls().getSocketFactory());
        return new PasswordVerification(settings, new EntraSignIn(settings, beans.getBeanProvider(SSLSocketFactory.class)),
                LocalPasswordsTests.passwords(Map.of()), new SimpleMeterRegistry());
    }

    static TenantView tenant(String id) {
        return new TenantView(id, false, "10.0.0.0/24", AuthType.ENTRA_ID, true, null, null, "ja", null,
                new SettingsChanged.EntraId(EntraStandIn.CLIENT_ID, EntraStandIn.DOMAIN, "v1:sealed"), null, null, null, null,
                false, Instant.now());
    }

    @Test
    void theRightPasswordSignsInAndAWrongOneIsRefused() {
        PasswordVerification v = verification();
        TenantView t = tenant("t-entra");
        assertThat(v.verify(t, USER, null, USER, PASSWORD, Instant.now().plusSeconds(3)))
                .isEqualTo(PasswordCheck.VALID);
        assertThat(v.verify(t, USER + "@" + EntraStandIn.DOMAIN, null, USER + "@" + EntraStandIn.DOMAIN, "wrong",
                Instant.now().plusSeconds(3))).isEqualTo(PasswordCheck.INVALID);
        assertThat(entra.tokenRequests()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aSlowEntraIsCutOffAtTheDeadline() {
        PasswordVerification v = verification();
        entra.delayTokens(Duration.ofMillis(2500));
        try {
            long start = System.nanoTime();
            assertThat(v.verify(tenant("t-slow"), USER, null, USER, PASSWORD, Instant.now().plusMillis(1000)))
                    .isEqualTo(PasswordCheck.UNAVAILABLE);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
        } finally {
            entra.delayTokens(Duration.ZERO);
        }
    }
}
