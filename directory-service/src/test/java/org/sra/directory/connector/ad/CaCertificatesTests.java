package org.sra.directory.connector.ad;

import org.sra.fixtures.tls.TestAuthority;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The rules of a registered CA: PEM certificate blocks, each a CA valid now, at most ten. */
class CaCertificatesTests {

    static TestAuthority ca;

    @BeforeAll
    static void authority() throws Exception {
        ca = TestAuthority.create("Rules CA");
        ca.issueServer("server", "dc01.corp.example.com");
    }

    @Test
    void aBundleWithTextAroundItsBlocksIsReadAndStoredAsPlainPem() throws Exception {
        String bundle = "subject=CN = Rules CA\r\n" + ca.pem().replace("\n", "\r\n") + "# end\n";
        List<X509Certificate> read = CaCertificates.parse(bundle + bundle, Instant.now());
        assertThat(read).hasSize(2).allSatisfy(c -> assertThat(c.getBasicConstraints()).isGreaterThanOrEqualTo(0));
        String pem = CaCertificates.toPem(read);
        assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----\n").doesNotContain("subject=").doesNotContain("\r");
        assertThat(CaCertificates.read(pem)).isEqualTo(read);
        assertThat(CaCertificates.Summary.of(read.get(0)).subject()).isEqualTo("CN=Rules CA");
    }

    @Test
    void eachRuleHasItsReason() throws Exception {
        assertReason(ca.issuedPem("server"), CaCertificates.Reason.NOT_CA, 1);
        assertReason("", CaCertificates.Reason.NOT_PEM, 0);
        assertReason("-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----", CaCertificates.Reason.UNREADABLE, 1);
        assertReason(ca.pem() + "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----",
                CaCertificates.Reason.UNREADABLE, 2);
        assertReason(ca.pem() + "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----",
                CaCertificates.Reason.PRIVATE_KEY, 0);
        assertReason(ca.pem().repeat(CaCertificates.MAX_CERTIFICATES + 1), CaCertificates.Reason.TOO_MANY, 0);
        assertReason(ca.pem() + " ".repeat(CaCertificates.MAX_CHARS), CaCertificates.Reason.TOO_LONG, 0);
        // the CA is valid from yesterday for three days
        assertThatThrownBy(() -> CaCertificates.parse(ca.pem(), Instant.now().plusSeconds(5 * 86_400)))
                .isInstanceOfSatisfying(CaCertificates.Invalid.class,
                        e -> assertThat(e.reason()).isEqualTo(CaCertificates.Reason.EXPIRED));
        assertThatThrownBy(() -> CaCertificates.parse(ca.pem(), Instant.now().minusSeconds(3 * 86_400)))
                .isInstanceOfSatisfying(CaCertificates.Invalid.class,
                        e -> assertThat(e.reason()).isEqualTo(CaCertificates.Reason.NOT_YET_VALID));
        assertThat(CaCertificates.parse(ca.pem().repeat(CaCertificates.MAX_CERTIFICATES), Instant.now()))
                .hasSize(CaCertificates.MAX_CERTIFICATES);
    }

    private static void assertReason(String pem, CaCertificates.Reason reason, int certificate) {
        assertThatThrownBy(() -> CaCertificates.parse(pem, Instant.now())).as(reason.name())
                .isInstanceOfSatisfying(CaCertificates.Invalid.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.certificate()).isEqualTo(certificate);
                });
    }
}
