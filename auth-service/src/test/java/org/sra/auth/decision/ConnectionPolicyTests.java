package org.sra.auth.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.sra.events.device.DeviceAuthMethod;
import org.sra.events.device.DeviceType;
import org.sra.events.profile.ProxyMode;

/** §6 R-AUT-2 … R-AUT-4 and R-PXY-2, one rule per test. */
class ConnectionPolicyTests {

    static final TenantRules ACTIVE = new TenantRules(false, true, ProxyMode.UNSELECTED);
    static final DeviceIdentity WIN_SERIAL = new DeviceIdentity("SN-1", List.of("00-11-22-33-44-55"), "win");

    final ConnectionPolicy policy = new ConnectionPolicy();
    final AtomicInteger directoryCalls = new AtomicInteger();

    static UserDevice serialDevice(String id, String serial) {
        return new UserDevice(id, DeviceType.WINDOWS, true, true, DeviceAuthMethod.SERIAL_ID, serial, null, true, true, false);
    }

    static UserDevice macDevice(String id, String mac) {
        return new UserDevice(id, DeviceType.MAC, true, true, DeviceAuthMethod.MAC_ADDRESS, null, mac, true, true, false);
    }

    static UserDevice openDevice(String id) {
        return new UserDevice(id, DeviceType.WINDOWS, true, false, null, null, null, true, true, false);
    }

    Decision decide(TenantRules tenant, String userId, List<UserDevice> devices, DeviceIdentity presented,
                    PasswordCheck password) {
        return policy.decide(new Attempt(tenant, userId, devices, presented, () -> Set.of("SN-TAKEN")), () -> {
            directoryCalls.incrementAndGet();
            return password;
        });
    }

    Decision decide(List<UserDevice> devices, DeviceIdentity presented) {
        return decide(ACTIVE, "u-1", devices, presented, PasswordCheck.VALID);
    }

    @Test
    void aSuspendedTenantsUsersCannotConnect() {
        Decision d = decide(new TenantRules(true, true, ProxyMode.UNSELECTED), "u-1", List.of(openDevice("d")),
                WIN_SERIAL, PasswordCheck.VALID);
        assertThat(d.reason()).isEqualTo(RejectReason.TENANT_SUSPENDED);
        assertThat(directoryCalls).hasValue(0);
    }

    @Test
    void anUnknownUserIsRejectedWithoutAskingTheDirectory() {
        assertThat(decide(ACTIVE, null, List.of(), WIN_SERIAL, PasswordCheck.VALID).reason())
                .isEqualTo(RejectReason.UNKNOWN_USER);
        assertThat(directoryCalls).hasValue(0);
    }

    @Test
    void aWrongPasswordIsRejectedBeforeAnyDeviceRule() {
        assertThat(decide(ACTIVE, "u-1", List.of(), WIN_SERIAL, PasswordCheck.INVALID).reason())
                .isEqualTo(RejectReason.BAD_PASSWORD);
    }

    @Test
    void anUnreachableDirectoryGivesItsOwnReason() {
        assertThat(decide(ACTIVE, "u-1", List.of(openDevice("d")), WIN_SERIAL, PasswordCheck.UNAVAILABLE).reason())
                .isEqualTo(RejectReason.DIRECTORY_UNAVAILABLE);
        assertThat(decide(ACTIVE, "u-1", List.of(openDevice("d")), WIN_SERIAL, PasswordCheck.NOT_CONFIGURED).reason())
                .isEqualTo(RejectReason.DIRECTORY_NOT_CONFIGURED);
    }

    @Test
    void aListedUserTheDirectoryDoesNotKnowIsAnUnknownUser() {
        // e.g. a LOCAL user deleted from the LOCAL directory while still on the VPN user list
        assertThat(decide(ACTIVE, "u-1", List.of(openDevice("d")), WIN_SERIAL, PasswordCheck.UNKNOWN_ACCOUNT).reason())
                .isEqualTo(RejectReason.UNKNOWN_USER);
    }

    @Test
    void aUserWithoutAssignedDevicesCannotConnect() {
        assertThat(decide(List.of(), WIN_SERIAL).reason()).isEqualTo(RejectReason.NO_DEVICE);
    }

    @Test
    void deviceAuthenticationOffAcceptsOnTheUserAlone() {
        Decision d = decide(List.of(openDevice("d-open")), DeviceIdentity.NONE);
        assertThat(d.accepted()).isTrue();
        assertThat(d.device().deviceId()).isEqualTo("d-open");
    }

    @Test
    void aSerialDeviceNeedsThePresentedSerialToEqualTheRegisteredOne() {
        assertThat(decide(List.of(serialDevice("d-1", "sn-1")), WIN_SERIAL).device().deviceId()).isEqualTo("d-1");
        assertThat(decide(List.of(serialDevice("d-1", "SN-2")), new DeviceIdentity(null, List.of(), "win")).reason())
                .isEqualTo(RejectReason.DEVICE_MISMATCH);
    }

    @Test
    void aMacDeviceNeedsOneOfThePresentedMacsToEqualTheRegisteredOne() {
        assertThat(decide(List.of(macDevice("d-m", "00:11:22:33:44:55")), WIN_SERIAL).accepted()).isTrue();
        assertThat(decide(List.of(macDevice("d-m", "00:11:22:33:44:66")), new DeviceIdentity(null,
                List.of("00-11-22-33-44-55"), "mac-intel")).reason()).isEqualTo(RejectReason.DEVICE_MISMATCH);
    }

    @Test
    void aProvenDeviceWhoseConnectionIsOffIsRejectedAsDisabled() {
        UserDevice off = new UserDevice("d-1", DeviceType.WINDOWS, false, true, DeviceAuthMethod.SERIAL_ID, "SN-1", null,
                true, true, false);
        assertThat(decide(List.of(off), WIN_SERIAL).reason()).isEqualTo(RejectReason.DEVICE_DISABLED);
    }

    @Test
    void aProvenDeviceWhoseProfileIsOffIsRejectedAsProfileDisabled() {
        UserDevice profileOff = new UserDevice("d-1", DeviceType.WINDOWS, true, true, DeviceAuthMethod.SERIAL_ID, "SN-1",
                null, false, true, false);
        assertThat(decide(List.of(profileOff), WIN_SERIAL).reason()).isEqualTo(RejectReason.PROFILE_DISABLED);
    }

    @Test
    void theFirstConnectionOfAnUnregisteredSerialRegistersItAndAsksToReconnect() {
        Decision d = decide(List.of(serialDevice("d-free", null)), WIN_SERIAL);
        assertThat(d.reason()).isEqualTo(RejectReason.DEVICE_REGISTERED_RECONNECT);
        assertThat(d.requestRegistration()).isTrue();
    }

    @Test
    void autoRegistrationSwitchedOffFailsButStillTellsDeviceServiceSoAdminsHearOfIt() {
        Decision d = decide(new TenantRules(false, false, ProxyMode.UNSELECTED), "u-1",
                List.of(serialDevice("d-free", null)), WIN_SERIAL, PasswordCheck.VALID);
        assertThat(d.reason()).isEqualTo(RejectReason.AUTO_REGISTRATION_FAILED);
        assertThat(d.requestRegistration()).isTrue();
    }

    @Test
    void autoRegistrationFailsForAnotherPlatformASerialInUseOrNoFreeDevice() {
        assertThat(decide(List.of(serialDevice("d-free", null)), new DeviceIdentity("SN-9", List.of(), "android"))
                .reason()).isEqualTo(RejectReason.AUTO_REGISTRATION_FAILED);
        assertThat(decide(List.of(serialDevice("d-free", null)), new DeviceIdentity("SN-TAKEN", List.of(), "win"))
                .reason()).isEqualTo(RejectReason.AUTO_REGISTRATION_FAILED);
        assertThat(decide(List.of(serialDevice("d-1", "SN-OTHER")), WIN_SERIAL).reason())
                .isEqualTo(RejectReason.AUTO_REGISTRATION_FAILED);
    }

    @Test
    void withClientSettingsProxyAProfileOutsideTheAppliedListCannotConnect() {
        UserDevice notApplied = new UserDevice("d-1", DeviceType.WINDOWS, true, false, null, null, null, true, false, false);
        TenantRules clientSettings = new TenantRules(false, true, ProxyMode.CLIENT_SETTINGS);
        assertThat(decide(clientSettings, "u-1", List.of(notApplied), WIN_SERIAL, PasswordCheck.VALID).reason())
                .isEqualTo(RejectReason.PROXY_NOT_APPLIED);
        assertThat(decide(new TenantRules(false, true, ProxyMode.MANAGEMENT), "u-1", List.of(notApplied), WIN_SERIAL,
                PasswordCheck.VALID).accepted()).isTrue();
    }

    @Test
    void everyRejectHasAJapaneseAndAnEnglishReplyMessage() {
        List<String> missing = new ArrayList<>();
        for (RejectReason reason : RejectReason.values()) {
            if (reason.replyMessage("ja").isBlank() || reason.replyMessage("en").isBlank()
                    || reason.replyMessage("ja").equals(reason.replyMessage("en"))) {
                missing.add(reason.name());
            }
        }
        assertThat(missing).isEmpty();
        assertThat(RejectReason.DEVICE_REGISTERED_RECONNECT.replyMessage("en")).contains("connect again");
    }

    @Test
    void onlyAProvenDeviceLearnsWhyItWasRefusedOnceThePasswordWasRight() {
        UserDevice switchedOff = new UserDevice("d-1", DeviceType.WINDOWS, false, true, DeviceAuthMethod.SERIAL_ID, "SN-1",
                null, true, true, false);
        UserDevice openButOff = new UserDevice("d-2", DeviceType.WINDOWS, false, false, null, null, null, true, true, false);

        Decision proven = decide(List.of(switchedOff), WIN_SERIAL);
        Decision unproven = decide(List.of(openButOff), WIN_SERIAL);
        Decision noDevice = decide(List.of(), WIN_SERIAL);
        Decision badPassword = decide(ACTIVE, "u-1", List.of(switchedOff), WIN_SERIAL, PasswordCheck.INVALID);

        assertThat(proven.reason()).isEqualTo(RejectReason.DEVICE_DISABLED);
        assertThat(proven.deviceProven()).isTrue();
        assertThat(proven.reason().clientMessage(proven.deviceProven(), "en"))
                .isEqualTo(RejectReason.DEVICE_DISABLED.replyMessage("en"));
        assertThat(unproven.reason()).isEqualTo(RejectReason.DEVICE_DISABLED);
        assertThat(unproven.deviceProven()).isFalse();
        // what an attacker with a right password but no device sees is what a wrong password shows
        String wrong = badPassword.reason().clientMessage(badPassword.deviceProven(), "ja");
        assertThat(unproven.reason().clientMessage(unproven.deviceProven(), "ja")).isEqualTo(wrong);
        assertThat(noDevice.reason().clientMessage(noDevice.deviceProven(), "ja")).isEqualTo(wrong);
        assertThat(noDevice.reason().clientCode(false)).isEqualTo(RejectReason.GENERIC_CODE);
        assertThat(RejectReason.UNKNOWN_USER.clientMessage(false, "en")).isEqualTo(RejectReason.BAD_PASSWORD.clientMessage(false, "en"));
        // the guide's "registered, reconnect" and what arises before the password is known stay
        assertThat(RejectReason.DEVICE_REGISTERED_RECONNECT.clientMessage(false, "en")).contains("connect again");
        assertThat(RejectReason.DIRECTORY_UNAVAILABLE.clientCode(false)).isEqualTo("DIRECTORY_UNAVAILABLE");
        assertThat(RejectReason.TENANT_SUSPENDED.clientCode(false)).isEqualTo("TENANT_SUSPENDED");
    }

    @Test
    void aDisabledUserIsRefusedWithoutAskingTheDirectory() {
        Decision d = policy.decide(new Attempt(ACTIVE, "u-1", List.of(openDevice("d")), WIN_SERIAL,
                () -> Set.of(), false), () -> {
                    directoryCalls.incrementAndGet();
                    return PasswordCheck.VALID;
                });
        assertThat(d.reason()).isEqualTo(RejectReason.USER_DISABLED);
        assertThat(directoryCalls).hasValue(0);
        assertThat(RejectReason.USER_DISABLED.toldToClient(true)).as("told only as the generic answer").isFalse();
    }

    @Test
    void aDeviceOutsideItsValidityPeriodIsRefusedWithItsOwnReason() {
        UserDevice expired = new UserDevice("d-1", DeviceType.WINDOWS, true, true, DeviceAuthMethod.SERIAL_ID, "SN-1",
                null, true, true, false, false);
        Decision proven = decide(List.of(expired), WIN_SERIAL);
        assertThat(proven.reason()).isEqualTo(RejectReason.DEVICE_OUTSIDE_VALIDITY);
        assertThat(proven.deviceProven()).isTrue();
        UserDevice open = new UserDevice("d-2", DeviceType.WINDOWS, true, false, null, null, null, true, true, false,
                false);
        assertThat(decide(List.of(open), WIN_SERIAL).reason()).isEqualTo(RejectReason.DEVICE_OUTSIDE_VALIDITY);
        // a switched-off device says so first; a valid device of the user still connects
        UserDevice offAndExpired = new UserDevice("d-3", DeviceType.WINDOWS, false, false, null, null, null, true, true,
                false, false);
        assertThat(decide(List.of(offAndExpired), WIN_SERIAL).reason()).isEqualTo(RejectReason.DEVICE_DISABLED);
        assertThat(decide(List.of(expired, serialDevice("d-4", "SN-1")), WIN_SERIAL).accepted()).isTrue();
    }
}
