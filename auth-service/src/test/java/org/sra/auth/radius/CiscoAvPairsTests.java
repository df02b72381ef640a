package org.sra.auth.radius;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.sra.auth.decision.DeviceIdentity;

/** R-AUT-1: the client's device identity comes from AnyConnect's Cisco-AVPair mdm-tlv values. */
class CiscoAvPairsTests {

    @Test
    void readsTheSerialEveryMacAndThePlatform() {
        DeviceIdentity identity = CiscoAvPairs.deviceIdentity(List.of(
                "mdm-tlv=device-platform=win",
                "mdm-tlv=device-uid=5DF0E1C2B3A49F8E7D6C5B4A39281706",
                "mdm-tlv=device-mac=00-1a-2B-3c-4d-5e",
                "mdm-tlv=device-mac=00-1a-2b-3c-4d-5f",
                "mdm-tlv=device-type=VMware, Inc. VMware Virtual Platform",
                "audit-session-id=c0a80101000a"));
        assertThat(identity.uid()).isEqualTo("5DF0E1C2B3A49F8E7D6C5B4A39281706");
        assertThat(identity.platform()).isEqualTo("win");
        assertThat(identity.macs()).containsExactly("00:1a:2b:3c:4d:5e", "00:1a:2b:3c:4d:5f");
        assertThat(identity.presentsMac("00:1A:2B:3C:4D:5F")).isTrue();
    }

    @Test
    void nothingPresentedIsAnEmptyIdentity() {
        DeviceIdentity identity = CiscoAvPairs.deviceIdentity(List.of("mdm-tlv=device-uid=", "unrelated=1"));
        assertThat(identity.uid()).isNull();
        assertThat(identity.macs()).isEmpty();
        assertThat(identity.platform()).isNull();
    }
}
