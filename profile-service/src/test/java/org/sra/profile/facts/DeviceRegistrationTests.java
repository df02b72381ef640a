package org.sra.profile.facts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.sra.events.device.DeviceAuthMethod;

/** R-PRO-4, R-AUT-3: when a download makes a profile ready at once. */
class DeviceRegistrationTests {

    @Test
    void withoutDeviceAuthenticationTheUserAloneDecides() {
        assertThat(DeviceRegistration.hasId(false, null, null)).isTrue();
    }

    @Test
    void aSerialDeviceHasItsIdOnceASerialIsRegistered() {
        assertThat(DeviceRegistration.hasId(true, DeviceAuthMethod.SERIAL_ID, null)).isFalse();
        assertThat(DeviceRegistration.hasId(true, DeviceAuthMethod.SERIAL_ID, " ")).isFalse();
        assertThat(DeviceRegistration.hasId(true, DeviceAuthMethod.SERIAL_ID, "FCH1234")).isTrue();
    }

    @Test
    void aMacDeviceNeverWaitsForAutoRegistration() {
        assertThat(DeviceRegistration.hasId(true, DeviceAuthMethod.MAC_ADDRESS, null)).isTrue();
    }
}
