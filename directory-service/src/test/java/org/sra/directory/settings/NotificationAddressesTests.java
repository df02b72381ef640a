package org.sra.directory.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** R-SET-6: several addresses, one per line, each validated. */
class NotificationAddressesTests {

    @Test
    void oneAddressPerLineBlankLinesIgnoredDuplicatesOnce() {
        assertThat(NotificationAddresses.parse(" a@example.com \r\n\r\nB@Example.co.jp\nA@EXAMPLE.COM\n"))
                .containsExactly("a@example.com", "B@Example.co.jp");
        assertThat(NotificationAddresses.parse("")).isEmpty();
        assertThat(NotificationAddresses.parse(null)).isEmpty();
    }

    @Test
    void theFirstBadLineIsNamed() {
        for (String bad : new String[] {"a@b", "a b@example.com", "a@example.com, b@example.com", "@example.com",
                "a@@example.com", "a@example..com", "a@example.com\u0000"}) {
            assertThatThrownBy(() -> NotificationAddresses.parse("ok@example.com\n" + bad)).as(bad)
                    .isInstanceOfSatisfying(NotificationAddresses.BadLine.class, e -> assertThat(e.line).isEqualTo(2));
        }
        assertThatThrownBy(() -> NotificationAddresses.parse("x@example.com\n".repeat(1) + "y\n"))
                .isInstanceOf(NotificationAddresses.BadLine.class);
    }

    @Test
    void atMostTwentyAddresses() {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i <= NotificationAddresses.MAX; i++) {
            many.append("admin").append(i).append("@example.com\n");
        }
        assertThatThrownBy(() -> NotificationAddresses.parse(many.toString()))
                .isInstanceOf(NotificationAddresses.TooMany.class);
    }

    @Test
    void dnsServersAreDottedQuads() {
        assertThat(Ipv4.isValid("192.0.2.53")).isTrue();
        assertThat(Ipv4.isValid("0.0.0.0")).isTrue();
        for (String bad : new String[] {"192.0.2.256", "192.0.2", "192.0.2.01", "192.0.2.1 ", "::1", "a.b.c.d", ""}) {
            assertThat(Ipv4.isValid(bad)).as(bad).isFalse();
        }
    }
}
