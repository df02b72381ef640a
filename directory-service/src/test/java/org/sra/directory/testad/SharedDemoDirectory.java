package org.sra.directory.testad;

import com.unboundid.ldap.sdk.LDAPException;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.support.TestPropertySourceUtils;

/**
 * One demo AD for the whole integration-test context, on a free port of 127.0.0.1: AD settings
 * in tests use primary IP {@code 127.0.0.1}, and the service dials {@link #port()}.
 */
public final class SharedDemoDirectory implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static DemoDirectory directory;

    public static synchronized DemoDirectory get() {
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

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestPropertySourceUtils.addInlinedPropertiesToEnvironment(context,
                "sra.directory.active-directory.ldap-port=" + get().port(),
                "sra.directory.active-directory.connect-timeout=1s",
                "sra.directory.active-directory.response-timeout=3s");
    }
}
