package org.sra.device.registration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.sra.device.registration.AutoRegistrationPolicy.AlreadyRegistered;
import org.sra.device.registration.AutoRegistrationPolicy.Refuse;
import org.sra.device.registration.AutoRegistrationPolicy.Register;
import org.sra.device.registration.AutoRegistrationPolicy.UserDevice;
import org.sra.events.device.DeviceAuthMethod;
import org.sra.events.device.DeviceAutoRegistrationFailed.Reason;
import org.sra.events.device.DeviceType;

/** R-AUT-4 (device side) and R-DEV-2: which device a presented serial ID goes to, or why none. */
class AutoRegistrationPolicyTests {

    static UserDevice serialDevice(String id, DeviceType type, String serial) {
        return new UserDevice(id, id, type, true, DeviceAuthMethod.SERIAL_ID, serial);
    }

    static AutoRegistrationPolicy.Decision decide(List<UserDevice> devices) {
        return AutoRegistrationPolicy.decide(true, "SN-1", "win", devices, false);
    }

    @Test
    void theSerialGoesToTheUsersFreeSerialDeviceOfThePresentedPlatform() {
        List<UserDevice> devices = List.of(serialDevice("phone", DeviceType.IOS, null),
                serialDevice("laptop", DeviceType.WINDOWS, null));
        assertThat(decide(devices)).isEqualTo(new Register("laptop"));
    }

    @Test
    void nothingIsRegisteredWhenAutoRegistrationIsDisabled() {
        assertThat(AutoRegistrationPolicy.decide(false, "SN-1", "win",
                List.of(serialDevice("laptop", DeviceType.WINDOWS, null)), false))
                .isEqualTo(new Refuse(Reason.DISABLED, null));
    }

    @Test
    void aDeviceThatAlreadyHasASerialIsNotFree() {
        assertThat(decide(List.of(serialDevice("laptop", DeviceType.WINDOWS, "OTHER"))))
                .isEqualTo(new Refuse(Reason.NO_FREE_DEVICE, null));
    }

    @Test
    void aUserWithoutDevicesHasNoFreeDevice() {
        assertThat(decide(List.of())).isEqualTo(new Refuse(Reason.NO_FREE_DEVICE, null));
    }

    @Test
    void aDeviceWithoutDeviceAuthenticationIsNotACandidate() {
        UserDevice noAuth = new UserDevice("laptop", "laptop", DeviceType.WINDOWS, false, null, null);
        assertThat(decide(List.of(noAuth))).isEqualTo(new Refuse(Reason.NO_FREE_DEVICE, null));
    }

    @Test
    void aFreeDeviceOfAnotherPlatformIsAPlatformMismatch() {
        assertThat(decide(List.of(serialDevice("phone", DeviceType.ANDROID, null))))
                .isEqualTo(new Refuse(Reason.PLATFORM_MISMATCH, "phone"));
    }

    @Test
    void anUnknownPlatformMatchesNoDevice() {
        assertThat(AutoRegistrationPolicy.decide(true, "SN-1", "linux-64",
                List.of(serialDevice("laptop", DeviceType.WINDOWS, null)), false))
                .isEqualTo(new Refuse(Reason.PLATFORM_MISMATCH, "laptop"));
    }

    @Test
    void aMacAddressDeviceIsNeverFilledByAutoRegistration() {
        UserDevice macDevice = new UserDevice("laptop", "laptop", DeviceType.WINDOWS, true, DeviceAuthMethod.MAC_ADDRESS, null);
        assertThat(decide(List.of(macDevice))).isEqualTo(new Refuse(Reason.MAC_DEVICE, "laptop"));
    }

    @Test
    void aSerialThatAnotherDeviceHasIsRefused() {
        assertThat(AutoRegistrationPolicy.decide(true, "SN-1", "win",
                List.of(serialDevice("laptop", DeviceType.WINDOWS, null)), true))
                .isEqualTo(new Refuse(Reason.SERIAL_IN_USE, "laptop"));
    }

    @Test
    void aSerialTheUsersDeviceAlreadyHasIsConfirmedAgain() {
        assertThat(decide(List.of(serialDevice("laptop", DeviceType.WINDOWS, "SN-1"))))
                .isEqualTo(new AlreadyRegistered("laptop"));
    }

    @Test
    void ofSeveralFreeDevicesOfThePlatformTheFirstByNameIsTaken() {
        assertThat(decide(List.of(serialDevice("pc-b", DeviceType.WINDOWS, null),
                serialDevice("pc-a", DeviceType.WINDOWS, null)))).isEqualTo(new Register("pc-a"));
    }

    @Test
    void thePresentedPlatformIsReadByTheSharedRuleInAnyOfItsSpellings() {
        List<UserDevice> devices = List.of(serialDevice("laptop", DeviceType.WINDOWS, null),
                serialDevice("phone", DeviceType.IOS, null));
        for (String platform : List.of("apple-ios", "iPhone", " iPad ")) {
            assertThat(AutoRegistrationPolicy.decide(true, "SN-1", platform, devices, false)).as(platform)
                    .isEqualTo(new Register("phone"));
        }
        assertThat(AutoRegistrationPolicy.decide(true, "SN-1", "linux-64", devices, false))
                .isEqualTo(new Refuse(Reason.PLATFORM_MISMATCH, "laptop"));
    }
}
