package org.sra.profile.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.sra.events.profile.ProxyMode;
import org.sra.kit.error.DomainException;
import org.sra.kit.error.FieldError;

/** R-PXY-1 … R-PXY-3 and product guide §5, as rules. */
class ProxyRulesTests {

    @Test
    void managementNeedsAnIpv4AddressAPortAndMayHaveExclusions() {
        ProxyConfig config = ProxyRules.check(ProxyMode.MANAGEMENT, " 192.168.0.10 ", 8080,
                "*.example.com; 10.*;intra-net.local;;<local>");
        assertThat(config).isEqualTo(new ProxyConfig(ProxyMode.MANAGEMENT, "192.168.0.10", 8080,
                List.of("*.example.com", "10.*", "intra-net.local", "<local>")));
    }

    @Test
    void managementWithoutAddressOrPortNamesBothFields() {
        assertThatThrownBy(() -> ProxyRules.check(ProxyMode.MANAGEMENT, "", null, null))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.fieldErrors())
                        .extracting(FieldError::field, FieldError::code)
                        .containsExactly(Tuple.tuple("address", "proxy.address.required"),
                                Tuple.tuple("port", "proxy.port.required")));
    }

    @Test
    void theAddressMustBeADottedIpv4Address() {
        for (String bad : List.of("proxy.example.com", "256.1.1.1", "10.0.0", "10.0.0.1.2", "01.2.3.4", "::1")) {
            assertThatThrownBy(() -> ProxyRules.check(ProxyMode.MANAGEMENT, bad, 8080, null))
                    .as(bad).isInstanceOfSatisfying(DomainException.class,
                            e -> assertThat(e.fieldErrors().getFirst().code()).isEqualTo("proxy.address.ipv4"));
        }
        assertThat(ProxyRules.check(ProxyMode.MANAGEMENT, "255.255.255.0", 1, null).address()).isEqualTo("255.255.255.0");
    }

    @Test
    void thePortIsBetween1And65535() {
        assertThat(ProxyRules.check(ProxyMode.MANAGEMENT, "10.0.0.1", 65535, null).port()).isEqualTo(65535);
        for (int bad : new int[] {0, 65536, -1}) {
            assertThatThrownBy(() -> ProxyRules.check(ProxyMode.MANAGEMENT, "10.0.0.1", bad, null))
                    .isInstanceOfSatisfying(DomainException.class,
                            e -> assertThat(e.fieldErrors().getFirst().code()).isEqualTo("proxy.port.range"));
        }
    }

    @Test
    void exclusionsAreSemicolonSeparatedHostsWithStarAsWildcard() {
        assertThatThrownBy(() -> ProxyRules.check(ProxyMode.MANAGEMENT, "10.0.0.1", 80, "good.example.com; bad host;x/y"))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.fieldErrors())
                        .extracting(FieldError::field).containsExactly("exclusions", "exclusions"));
        assertThatThrownBy(() -> ProxyRules.check(ProxyMode.MANAGEMENT, "10.0.0.1", 80, "a.com;".repeat(101)))
                .isInstanceOfSatisfying(DomainException.class,
                        e -> assertThat(e.fieldErrors().getFirst().code()).isEqualTo("proxy.exclusions.too-many"));
    }

    @Test
    void otherModesCarryNoProxyServer() {
        assertThat(ProxyRules.check(ProxyMode.DENY, "10.0.0.1", 80, "a.com")).isEqualTo(
                new ProxyConfig(ProxyMode.DENY, null, null, List.of()));
        assertThat(ProxyRules.check(ProxyMode.CLIENT_SETTINGS, null, null, null).mode())
                .isEqualTo(ProxyMode.CLIENT_SETTINGS);
    }

    @Test
    void aModeIsRequired() {
        assertThatThrownBy(() -> ProxyRules.check(null, null, null, null)).isInstanceOfSatisfying(DomainException.class,
                e -> assertThat(e.fieldErrors().getFirst().field()).isEqualTo("mode"));
    }

    @Test
    void managementCannotBeUsedOnAndroid() {
        assertThat(ProxyRules.allowedOn(ProxyMode.MANAGEMENT, true)).isFalse();
        assertThat(ProxyRules.allowedOn(ProxyMode.MANAGEMENT, false)).isTrue();
        assertThat(ProxyRules.allowedOn(ProxyMode.CLIENT_SETTINGS, true)).isTrue();
        assertThat(ProxyRules.allowedOn(ProxyMode.DENY, true)).isTrue();
    }

    @Test
    void withClientSettingsAProfileOutsideTheAppliedListCannotConnect() {
        assertThat(ProxyRules.connectable(true, ProxyMode.CLIENT_SETTINGS, false)).isFalse();
        assertThat(ProxyRules.connectable(true, ProxyMode.CLIENT_SETTINGS, true)).isTrue();
        assertThat(ProxyRules.connectable(true, ProxyMode.MANAGEMENT, false)).isTrue();
        assertThat(ProxyRules.connectable(false, ProxyMode.DENY, true)).isFalse();
    }
}
