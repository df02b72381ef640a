package org.sra.profile.anyconnect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.sra.events.profile.ProxyMode;

/** R-PXY-1, R-PXY-2, R-LSG-1: what each proxy mode and local-segment setting tells the client. */
class ClientPreferencesTests {

    @Test
    void unselectedLeavesTheClientsDefault() {
        assertThat(ClientPreferences.of(ProxyMode.UNSELECTED, null, null, true, false))
                .isEqualTo(new ClientPreferences(null, null, false));
    }

    @Test
    void clientSettingsUseTheNativeProxyWhereApplied() {
        assertThat(ClientPreferences.of(ProxyMode.CLIENT_SETTINGS, null, null, true, true).proxyPolicy())
                .isEqualTo("Native");
        assertThat(ClientPreferences.of(ProxyMode.CLIENT_SETTINGS, null, null, false, true).proxyPolicy()).isNull();
    }

    @Test
    void managementOverridesWithTheTenantsProxyWhereApplied() {
        assertThat(ClientPreferences.of(ProxyMode.MANAGEMENT, "10.0.0.1", 3128, true, false))
                .isEqualTo(new ClientPreferences("Override", "10.0.0.1:3128", false));
        assertThat(ClientPreferences.of(ProxyMode.MANAGEMENT, "10.0.0.1", 3128, false, false).proxyPolicy()).isNull();
    }

    @Test
    void denyIgnoresProxiesForEveryProfile() {
        assertThat(ClientPreferences.of(ProxyMode.DENY, null, null, false, true))
                .isEqualTo(new ClientPreferences("IgnoreProxy", null, true));
    }
}
