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
import org.sra.auth.support.EntraStandIn;
import org.sra.events.settings.AuthType;
import org.sra.events.settings.SettingsChanged;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * R-AUT-2 for Entra ID tenants: the password is checked by MSAL4J's username/password flow
 * against the configured authority — here a local stand-in for the token endpoint — and an
 * Entra that does not answer in time still leaves the answer within the deadline (R-AUT-8).
 */
class EntraSignInTests {

    static EntraStandIn entra;

    @BeforeAll
    static void start() throws Exception {
        entra = new EntraStandIn("contoso.example", "yamada", "Entra-Passw0rd");
        // MSAL4J's first use loads and links a lot of classes (over a second on a busy 2-core box)
        verification().verify(tenant("t-warm-up"), "yamada", null, "yamada", "Entra-Passw0rd", Instant.now().plusSeconds(30));
    }

    @AfterAll
    static void stop() {
        entra.close();
    }

    static PasswordVerification verification() {
        DirectorySettings settings = new DirectorySettings(Duration.ofMillis(800), 4, Duration.ofMillis(200), 4, Duration.ofSeconds(10),
                entra.authority(), null, null, 389, 636);
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("entraTls", entra.clientSocketFactory());
        return new PasswordVerification(settings, new EntraSignIn(settings, beans.getBeanProvider(SSLSocketFactory.class)),
                LocalPasswordsTests.passwords(Map.of()), new SimpleMeterRegistry());
    }

    static TenantView tenant(String id) {
        return new TenantView(id, false, "10.0.0.0/24", AuthType.ENTRA_ID, true, null, null, "ja", null,
                new SettingsChanged.EntraId("client-" + id, "contoso.example", "v1:sealed"), null, null, null, null,
                false, Instant.now());
    }

    @Test
    void theRightPasswordSignsInAndAWrongOneIsRefused() {
        PasswordVerification v = verification();
        TenantView t = tenant("t-entra");
        assertThat(v.verify(t, "yamada", null, "yamada", "Entra-Passw0rd", Instant.now().plusSeconds(3)))
                .isEqualTo(PasswordCheck.VALID);
        assertThat(v.verify(t, "yamada@contoso.example", null, "yamada@contoso.example", "wrong",
                Instant.now().plusSeconds(3))).isEqualTo(PasswordCheck.INVALID);
        assertThat(entra.tokenRequests()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aSlowEntraIsCutOffAtTheDeadline() {
        PasswordVerification v = verification();
        entra.delay(2500);
        try {
            long start = System.nanoTime();
            assertThat(v.verify(tenant("t-slow"), "yamada", null, "yamada", "Entra-Passw0rd", Instant.now().plusMillis(1000)))
                    .isEqualTo(PasswordCheck.UNAVAILABLE);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
        } finally {
            entra.delay(0);
        }
    }
}
