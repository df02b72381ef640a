package org.sra.profile.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Locale;

import org.junit.jupiter.api.Test;

/** R-PRO-4: exactly the six statuses, with the Japanese labels of the product guide. */
class ProfileStatusTests {

    @Test
    void thereAreExactlyTheSixStatusesOfTheSpec() {
        assertThat(Arrays.stream(ProfileStatus.values()).map(Enum::name)).containsExactly("MAIL_NOT_SENT",
                "WAITING_DOWNLOAD", "WAITING_DOWNLOAD_RESENT", "LINK_EXPIRED", "WAITING_DEVICE_REGISTRATION", "READY");
    }

    @Test
    void eachStatusShowsTheJapaneseLabelOfTheSpec() {
        assertThat(ProfileStatus.MAIL_NOT_SENT.label(Locale.JAPANESE)).isEqualTo("メールを送信してください。");
        assertThat(ProfileStatus.WAITING_DOWNLOAD.label(Locale.JAPANESE)).isEqualTo("プロファイルDL待ち");
        assertThat(ProfileStatus.WAITING_DOWNLOAD_RESENT.label(Locale.JAPANESE)).isEqualTo("プロファイルDL待ち [再送信フロー]");
        assertThat(ProfileStatus.LINK_EXPIRED.label(Locale.JAPANESE)).isEqualTo("URLの期限が切れました。再度メール送信してください。");
        assertThat(ProfileStatus.WAITING_DEVICE_REGISTRATION.label(Locale.JAPANESE)).isEqualTo("デバイスID登録処理を行ってください。");
        assertThat(ProfileStatus.READY.label(Locale.JAPANESE)).isEqualTo("接続準備完了");
    }

    @Test
    void theLabelFollowsTheAdminsLanguageJapaneseByDefault() {
        assertThat(ProfileStatus.READY.label(Locale.ENGLISH)).isEqualTo("Ready to connect");
        assertThat(ProfileStatus.READY.label(Locale.JAPANESE)).isEqualTo("接続準備完了");
        assertThat(Arrays.stream(ProfileStatus.values()).map(ProfileStatus::english)).doesNotContainNull()
                .doesNotHaveDuplicates();
    }
}
