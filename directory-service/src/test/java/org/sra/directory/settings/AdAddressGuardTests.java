package org.sra.directory.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.sra.kit.error.DomainException;

/** The deny list of AD server addresses: what a tenant's AD check may never dial. */
class AdAddressGuardTests {

    private static AdCheckSettings settings(boolean allowLoopback, String... platform) {
        return new AdCheckSettings(allowLoopback, List.of(platform), 10, Duration.ofMinutes(1));
    }

    @Test
    void loopbackIsRefusedUnlessTheDevelopmentSettingAllowsIt() {
        AdAddressGuard production = new AdAddressGuard(settings(false));
        assertDenied(production, "127.0.0.1", "LOOPBACK");
        assertDenied(production, "127.255.255.254", "LOOPBACK");
        assertDenied(production, "::1", "LOOPBACK");
        // a name is resolved (the JDK's resolver) and every address it gives is checked
        assertDenied(production, "localhost", "LOOPBACK");

        AdAddressGuard development = new AdAddressGuard(settings(true));
        assertThatCode(() -> development.check("primaryIp", "127.0.0.1")).doesNotThrowAnyException();
        assertThatCode(() -> development.check("primaryIp", "localhost")).doesNotThrowAnyException();
    }

    @Test
    void linkLocalMulticastUnspecifiedAndBroadcastAreRefusedEvenWithLoopbackAllowed() {
        for (AdAddressGuard guard : List.of(new AdAddressGuard(settings(false)), new AdAddressGuard(settings(true)))) {
            assertDenied(guard, "169.254.169.254", "LINK_LOCAL"); // a cloud's metadata service
            assertDenied(guard, "fe80::1", "LINK_LOCAL");
            assertDenied(guard, "224.0.0.251", "MULTICAST");
            assertDenied(guard, "239.255.255.250", "MULTICAST");
            assertDenied(guard, "ff02::1", "MULTICAST");
            assertDenied(guard, "0.0.0.0", "UNSPECIFIED");
            assertDenied(guard, "::", "UNSPECIFIED");
            assertDenied(guard, "255.255.255.255", "BROADCAST");
            assertThatCode(() -> guard.check("primaryIp", "192.0.2.10")).doesNotThrowAnyException();
            assertThatCode(() -> guard.check("primaryIp", "2001:db8::10")).doesNotThrowAnyException();
        }
    }

    @Test
    void thePlatformsOwnNetworksAreRefused() {
        AdAddressGuard guard = new AdAddressGuard(settings(true, "10.96.0.0/12", " 172.20.0.0/16 ", "fd00:10::/64", ""));
        assertDenied(guard, "10.96.0.1", "PLATFORM");
        assertDenied(guard, "10.111.255.254", "PLATFORM");
        assertDenied(guard, "172.20.3.4", "PLATFORM");
        assertDenied(guard, "fd00:10::5", "PLATFORM");
        // just outside them: a tenant's own private network is fine
        assertThatCode(() -> guard.check("primaryIp", "10.112.0.1")).doesNotThrowAnyException();
        assertThatCode(() -> guard.check("primaryIp", "10.95.255.255")).doesNotThrowAnyException();
        assertThatCode(() -> guard.check("primaryIp", "172.21.0.1")).doesNotThrowAnyException();
        assertThatCode(() -> guard.check("primaryIp", "fd00:11::5")).doesNotThrowAnyException();
    }

    @Test
    void aNameIsRefusedWhenAnyOfItsAddressesIsDenied() throws Exception {
        InetAddress outside = InetAddress.getByName("192.0.2.10");
        InetAddress inside = InetAddress.getByName("10.96.0.10");
        AdAddressGuard guard = new AdAddressGuard(settings(false, "10.96.0.0/12"),
                name -> name.equals("dc.corp.example.com") ? new InetAddress[] {outside, inside}
                        : new InetAddress[] {outside});
        assertDenied(guard, "dc.corp.example.com", "PLATFORM");
        assertThatCode(() -> guard.check("primaryIp", "dc2.corp.example.com")).doesNotThrowAnyException();
    }

    @Test
    void aNameWithoutAddressIsANameResolutionFailure() {
        AdAddressGuard guard = new AdAddressGuard(settings(false), name -> {
            throw new UnknownHostException(name);
        });
        assertThatThrownBy(() -> guard.check("secondaryIp", "dc9.corp.example.com"))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DomainException.Kind.UNPROCESSABLE);
                    assertThat(e.slug()).isEqualTo("ad-name-unresolved");
                    assertThat(e.properties()).containsEntry("field", "secondaryIp")
                            .containsEntry("stage", "NAME_RESOLUTION");
                });
    }

    @Test
    void aBadNetworkInTheConfigurationStopsTheStart() {
        assertThatThrownBy(() -> new AdAddressGuard(settings(false, "10.96.0.0/40")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10.96.0.0/40");
        assertThatThrownBy(() -> new AdAddressGuard(settings(false, "pods.internal")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pods.internal");
    }

    private static void assertDenied(AdAddressGuard guard, String value, String reason) {
        assertThatThrownBy(() -> guard.check("primaryIp", value)).as(value)
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DomainException.Kind.INVALID);
                    assertThat(e.slug()).isEqualTo("ad-address-denied");
                    assertThat(e.properties()).containsEntry("field", "primaryIp").containsEntry("reason", reason)
                            .containsEntry("stage", "ADDRESS");
                });
    }
}
