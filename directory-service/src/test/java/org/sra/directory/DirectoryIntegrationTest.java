package org.sra.directory;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;
import org.sra.directory.SharedDirectories;
import org.sra.kit.test.EmbeddedMongo;
import org.sra.kit.test.SraIntegrationTest;
import org.sra.kit.test.TestTokens;

/**
 * The one configuration of every directory-service integration test, so they all share one
 * Spring context (broker, store, signing key; bcrypt at the lowest allowed cost to keep the
 * run short; an operator account from configuration; the demo AD on 127.0.0.1, so loopback
 * AD addresses are allowed).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SraIntegrationTest
@AutoConfigureTestRestTemplate
// repeats the kit's EmbeddedMongo initializer: this annotation's @ContextConfiguration replaces the meta-annotation's
@ContextConfiguration(initializers = {EmbeddedMongo.Initializer.class, SharedDirectories.class})
@TestPropertySource(properties = {
        TestTokens.PRIVATE_KEY_PROPERTY,
        "sra.accounts.bcrypt-cost=10",
        // the first login delay long enough that a test sees it without racing the clock
        // (LoginDelayIntegrationTests moves a test clock through the short delays)
        "sra.accounts.first-delay=1m",
        "sra.operator.login-id=" + Fixtures.OPERATOR_LOGIN,
        "sra.operator.initial-password=" + Fixtures.OPERATOR_INITIAL_PASSWORD,
        "sra.console.base-url=https://sra.example.test/",
        // the demo AD listens on 127.0.0.1 (development-only setting); 127.0.0.9 and 198.18.0.0/15
        // play the platform's own networks (AdCheckIntegrationTests)
        "sra.directory.ad-check.allow-loopback=true",
        "sra.directory.ad-check.denied-networks=198.18.0.0/15,127.0.0.9/32",
        // tests run the reminder job themselves, with their own clocks; the schedule is still set up
        "sra.directory.reminders.initial-delay=PT24H",
        // likewise the daily directory refresh (VpnUserLifecycleIntegrationTests runs its passes)
        "sra.directory.refresh.initial-delay=PT24H"})
public @interface DirectoryIntegrationTest {
}
