package org.sra.directory;

import com.unboundid.ldap.sdk.LDAPException;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.support.TestPropertySourceUtils;
import org.sra.fixtures.tls.TestAuthority;
import org.sra.fixtures.ad.DemoDirectory;
import org.sra.fixtures.entra.EntraStandIn;

/**
 * The directories of the whole integration-test context, on free ports of 127.0.0.1: the demo
 * AD (AD settings in tests use primary IP {@code 127.0.0.1}, and the service dials its port)
 * and the Entra ID stand-in (authority, Graph and the trust store of its certificate), and the
 * demo AD with TLS (LDAPS, a certificate of a test CA) for the tests of a registered CA.
 */
public final class SharedDirectories implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static DemoDirectory directory;
    private static EntraStandIn entra;
    private static DemoDirectory tlsDirectory;
    private static TestAuthority tlsAuthority;

    public static synchronized DemoDirectory demoDirectory() {
        if (directory == null) {
            try {
                directory = DemoDirectory.start(0);
            } catch (LDAPException e) {
                throw new IllegalStateException("cannot start the demo AD", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(directory::close));
        }
        return directory;
    }

    /**
     * The same demo AD with TLS: a server certificate for {@code dc01.corp.example.com} issued by
     * {@link #tlsAuthority()}; its LDAPS port is the context's {@code ldaps-port}, so AD settings
     * with transport LDAPS and primary IP 127.0.0.1 reach it.
     */
    public static synchronized DemoDirectory tlsDirectory() {
        if (tlsDirectory == null) {
            try {
                tlsAuthority = TestAuthority.create("SRA Test Domain CA");
                tlsDirectory = DemoDirectory.startWithTls(tlsAuthority.issueServer("dc01", "dc01." + DemoDirectory.DOMAIN),
                        TestAuthority.PASSWORD.toCharArray());
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the demo AD with TLS", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(tlsDirectory::close));
        }
        return tlsDirectory;
    }

    /** The CA that issued the certificate of {@link #tlsDirectory()}. */
    public static synchronized TestAuthority tlsAuthority() {
        tlsDirectory();
        return tlsAuthority;
    }

    public static synchronized EntraStandIn entra() {
        if (entra == null) {
            entra = EntraStandIn.start(0);
            Runtime.getRuntime().addShutdownHook(new Thread(entra::close));
        }
        return entra;
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestPropertySourceUtils.addInlinedPropertiesToEnvironment(context,
                "sra.directory.active-directory.ldap-port=" + demoDirectory().port(),
                "sra.directory.active-directory.ldaps-port=" + tlsDirectory().port("LDAPS"),
                "sra.directory.active-directory.connect-timeout=1s",
                "sra.directory.active-directory.response-timeout=3s",
                // short, so that DirectoryBreakerIntegrationTests sees a breaker close again
                "sra.directory.breaker.open-for=4s",
                "sra.entra.authority-base=" + entra().authority(),
                "sra.entra.graph-base=" + entra().graphBase(),
                "sra.entra.trust-store=file:" + entra().trustStorePath(),
                "sra.entra.trust-store-password=" + EntraStandIn.TRUST_STORE_PASSWORD,
                "sra.entra.max-retry-after=2s");
    }
}
