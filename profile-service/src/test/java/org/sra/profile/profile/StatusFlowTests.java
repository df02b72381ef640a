package org.sra.profile.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sra.profile.profile.ProfileStatus.LINK_EXPIRED;
import static org.sra.profile.profile.ProfileStatus.MAIL_NOT_SENT;
import static org.sra.profile.profile.ProfileStatus.READY;
import static org.sra.profile.profile.ProfileStatus.WAITING_DEVICE_REGISTRATION;
import static org.sra.profile.profile.ProfileStatus.WAITING_DOWNLOAD;
import static org.sra.profile.profile.ProfileStatus.WAITING_DOWNLOAD_RESENT;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** R-PRO-4: one test per transition of the profile status. */
class StatusFlowTests {

    @Test
    void theFirstMailMakesTheProfileWaitForTheDownload() {
        assertThat(StatusFlow.sent(MAIL_NOT_SENT)).isEqualTo(WAITING_DOWNLOAD);
    }

    @ParameterizedTest
    @EnumSource(names = {"WAITING_DOWNLOAD", "WAITING_DOWNLOAD_RESENT", "LINK_EXPIRED", "WAITING_DEVICE_REGISTRATION",
            "READY"})
    void anyLaterMailIsTheResendFlow(ProfileStatus current) {
        assertThat(StatusFlow.sent(current)).isEqualTo(WAITING_DOWNLOAD_RESENT);
    }

    @Test
    void anUnusedLinkPastItsValidityExpires() {
        assertThat(StatusFlow.linkExpired(WAITING_DOWNLOAD)).isEqualTo(LINK_EXPIRED);
    }

    @Test
    void anUnusedResentLinkPastItsValidityExpires() {
        assertThat(StatusFlow.linkExpired(WAITING_DOWNLOAD_RESENT)).isEqualTo(LINK_EXPIRED);
    }

    @ParameterizedTest
    @EnumSource(names = {"MAIL_NOT_SENT", "LINK_EXPIRED", "WAITING_DEVICE_REGISTRATION", "READY"})
    void expiryLeavesEveryOtherStatusAlone(ProfileStatus current) {
        assertThat(StatusFlow.linkExpired(current)).isEqualTo(current);
    }

    @Test
    void aDownloadForADeviceWithoutItsIdWaitsForTheRegistration() {
        assertThat(StatusFlow.downloaded(WAITING_DOWNLOAD, false)).isEqualTo(WAITING_DEVICE_REGISTRATION);
        assertThat(StatusFlow.downloaded(WAITING_DOWNLOAD_RESENT, false)).isEqualTo(WAITING_DEVICE_REGISTRATION);
    }

    @Test
    void aDownloadForADeviceThatAlreadyHasItsIdIsReadyAtOnce() {
        assertThat(StatusFlow.downloaded(WAITING_DOWNLOAD, true)).isEqualTo(READY);
        assertThat(StatusFlow.downloaded(WAITING_DOWNLOAD_RESENT, true)).isEqualTo(READY);
    }

    @Test
    void aSecondDownloadOfTheSameLinkKeepsTheDownloadedStatus() {
        assertThat(StatusFlow.downloaded(WAITING_DEVICE_REGISTRATION, false)).isEqualTo(WAITING_DEVICE_REGISTRATION);
        assertThat(StatusFlow.downloaded(READY, true)).isEqualTo(READY);
    }

    @Test
    void nothingCanBeDownloadedBeforeAMailWasSent() {
        assertThatThrownBy(() -> StatusFlow.downloaded(MAIL_NOT_SENT, true)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void autoRegistrationMakesADownloadedProfileReady() {
        assertThat(StatusFlow.deviceAutoRegistered(WAITING_DEVICE_REGISTRATION)).isEqualTo(READY);
    }

    @ParameterizedTest
    @EnumSource(names = {"MAIL_NOT_SENT", "WAITING_DOWNLOAD", "WAITING_DOWNLOAD_RESENT", "LINK_EXPIRED", "READY"})
    void autoRegistrationBeforeTheDownloadChangesNothingYet(ProfileStatus current) {
        assertThat(StatusFlow.deviceAutoRegistered(current)).isEqualTo(current);
    }

    @Test
    void aSerialEnteredByHandAfterTheDownloadMakesTheProfileReady() {
        assertThat(StatusFlow.deviceRegistrationChanged(WAITING_DEVICE_REGISTRATION, true)).isEqualTo(READY);
    }

    @Test
    void aSerialClearedByHandSendsAReadyProfileBackToRegistration() {
        assertThat(StatusFlow.deviceRegistrationChanged(READY, false)).isEqualTo(WAITING_DEVICE_REGISTRATION);
    }

    @ParameterizedTest
    @EnumSource(names = {"MAIL_NOT_SENT", "WAITING_DOWNLOAD", "WAITING_DOWNLOAD_RESENT", "LINK_EXPIRED"})
    void registrationChangesBeforeTheDownloadChangeNothing(ProfileStatus current) {
        assertThat(StatusFlow.deviceRegistrationChanged(current, true)).isEqualTo(current);
        assertThat(StatusFlow.deviceRegistrationChanged(current, false)).isEqualTo(current);
    }
}
