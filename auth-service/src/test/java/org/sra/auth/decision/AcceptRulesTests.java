package org.sra.auth.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.sra.events.device.DeviceAuthMethod;
import org.sra.events.device.DeviceType;
import org.sra.events.profile.ProxyMode;

/** R-AUT-5 accept settings, R-PXY-2/3 and R-LSG-1, and the pool-exhausted reject. */
class AcceptRulesTests {

    final AcceptRules rules = new AcceptRules();

    static UserDevice device(DeviceType type, boolean proxyApplied, boolean localSegment) {
        return new UserDevice("d1", type, true, true, DeviceAuthMethod.SERIAL_ID, "SN-1", null, true, proxyApplied,
                localSegment);
    }

    static AcceptRules.TenantAccess tenant(ProxyMode mode, boolean localSegment) {
        return new AcceptRules.TenantAccess(mode, "10.0.0.8", 8080, List.of("*.corp", "10.*"), localSegment);
    }

    @Test
    void managedProxyGoesWithServerAndExclusions() {
        AcceptRules.Pushed pushed = rules.pushed(tenant(ProxyMode.MANAGEMENT, false),
                device(DeviceType.WINDOWS, true, false));
        assertThat(pushed.proxyMode()).isEqualTo(ProxyMode.MANAGEMENT);
        assertThat(pushed.proxyServer()).isEqualTo("10.0.0.8:8080");
        assertThat(pushed.proxyExceptions()).containsExactly("*.corp", "10.*");
        assertThat(pushed.localLanAllowed()).isFalse();
    }

    @Test
    void managedProxyWithoutPortNamesTheAddressAlone() {
        AcceptRules.Pushed pushed = rules.pushed(new AcceptRules.TenantAccess(ProxyMode.MANAGEMENT, "proxy.corp", null,
                List.of(), false), device(DeviceType.WINDOWS, true, false));
        assertThat(pushed.proxyServer()).isEqualTo("proxy.corp");
    }

    @Test
    void proxyReachesOnlyProfilesItWasAppliedTo() {
        AcceptRules.Pushed pushed = rules.pushed(tenant(ProxyMode.DENY, false), device(DeviceType.WINDOWS, false, false));
        assertThat(pushed.proxyMode()).isEqualTo(ProxyMode.UNSELECTED);
        assertThat(pushed.proxyServer()).isNull();
        assertThat(pushed.proxyExceptions()).isEmpty();
    }

    @Test
    void managedProxyIsNeverPushedToAndroidButOtherModesAre() {
        assertThat(rules.pushed(tenant(ProxyMode.MANAGEMENT, false), device(DeviceType.ANDROID, true, false)))
                .isEqualTo(new AcceptRules.Pushed(ProxyMode.UNSELECTED, null, List.of(), false));
        assertThat(rules.pushed(tenant(ProxyMode.DENY, false), device(DeviceType.ANDROID, true, false)).proxyMode())
                .isEqualTo(ProxyMode.DENY);
    }

    @Test
    void localLanNeedsTheTenantSwitchAndTheProfile() {
        assertThat(rules.pushed(tenant(ProxyMode.UNSELECTED, true), device(DeviceType.MAC, false, true))
                .localLanAllowed()).isTrue();
        assertThat(rules.pushed(tenant(ProxyMode.UNSELECTED, false), device(DeviceType.MAC, false, true))
                .localLanAllowed()).isFalse();
        assertThat(rules.pushed(tenant(ProxyMode.UNSELECTED, true), device(DeviceType.MAC, false, false))
                .localLanAllowed()).isFalse();
    }

    @Test
    void noFreeAddressTurnsTheAcceptIntoPoolExhaustedForTheSameDevice() {
        UserDevice matched = device(DeviceType.WINDOWS, true, false);
        Decision rejected = rules.noAddress(Decision.accept(matched));
        assertThat(rejected.accepted()).isFalse();
        assertThat(rejected.reason()).isEqualTo(RejectReason.POOL_EXHAUSTED);
        assertThat(rejected.device()).isEqualTo(matched);
        assertThat(rejected.deviceProven()).isTrue();
    }
}
