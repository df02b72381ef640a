package org.sra.notification.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.sra.events.mail.MailKind;

/** R-NOT-1: each mail in Japanese and English, plain text and HTML, says what the spec asks. */
class MailTemplatesTests {

    private final MailTemplates templates = new MailTemplates(ZoneId.of("Asia/Tokyo"));

    private static Map<String, String> profile(String maxDownloads) {
        Map<String, String> parameters = new HashMap<>(Map.of(
                "profileId", "taro:win11-pc",
                "subject", "VPNプロファイルのご案内",
                "downloadUrl", "https://vpn.example.com/download/user_profiles/tok3n?x=1&y=2",
                "expiresAt", "2026-12-01T01:06:47Z"));
        if (maxDownloads != null) {
            parameters.put("maxDownloads", maxDownloads);
        }
        return parameters;
    }

    @Test
    void theJapaneseProfileMailCarriesIdUrlExpiryAndDownloadsAndAsksToInstallTheClientFirst() {
        RenderedMail mail = templates.render(MailKind.PROFILE_DOWNLOAD, MailLanguage.JA, profile("2"));

        assertThat(mail.subject()).isEqualTo("VPNプロファイルのご案内");
        assertThat(mail.text())
                .contains("はじめに、ご利用の端末に VPN クライアント")
                .contains("■ユーザプロフィールID : taro:win11-pc")
                .contains("https://vpn.example.com/download/user_profiles/tok3n?x=1&y=2")
                .contains("URLの有効期限 : 2026/12/01 10:06:47 JST (Asia/Tokyo)")
                .contains("ダウンロード回数 : 2回")
                .contains("※本メールに心当たりのない方は管理者にご連絡ください。");
        assertThat(mail.text().indexOf("インストールしてください")).isLessThan(mail.text().indexOf("https://vpn."));
        assertThat(mail.html())
                .contains("<html lang=\"ja\">")
                .contains("taro:win11-pc")
                .contains("href=\"https://vpn.example.com/download/user_profiles/tok3n?x=1&amp;y=2\"")
                .contains("2026/12/01 10:06:47")
                .contains("<td>2回</td>")
                .contains("VPN クライアント");
    }

    @Test
    void timesAreShownInTheTenantsTimeZoneNamedAndTheConfiguredOneWithoutIt() {
        Map<String, String> berlin = new HashMap<>(profile("2"));
        berlin.put("timeZone", "Europe/Berlin"); // 2026-12-01T01:06:47Z: 02:06:47 in winter Berlin
        assertThat(templates.render(MailKind.PROFILE_DOWNLOAD, MailLanguage.JA, berlin).text())
                .contains("URLの有効期限 : 2026/12/01 02:06:47 CET (Europe/Berlin)").doesNotContain("JST");
        assertThat(templates.render(MailKind.PROFILE_DOWNLOAD, MailLanguage.EN, berlin).html())
                .contains("2026-12-01 02:06:47 CET (Europe/Berlin)");
        berlin.put("timeZone", "Not/AZone");
        assertThat(templates.render(MailKind.PROFILE_DOWNLOAD, MailLanguage.EN, berlin).text())
                .as("an unknown zone: the configured one").contains("2026-12-01 10:06:47 JST (Asia/Tokyo)");
    }

    @Test
    void theEnglishProfileMailSaysTheSameAndUnlimitedDownloadsWhenThereIsNoLimit() {
        RenderedMail mail = templates.render(MailKind.PROFILE_DOWNLOAD, MailLanguage.EN, profile(null));

        assertThat(mail.text())
                .contains("First, install the VPN client")
                .contains("User profile ID: taro:win11-pc")
                .contains("https://vpn.example.com/download/user_profiles/tok3n?x=1&y=2")
                .contains("URL valid until: 2026-12-01 10:06:47 JST (Asia/Tokyo)")
                .contains("Downloads allowed: unlimited");
        assertThat(mail.html())
                .contains("<html lang=\"en\">")
                .contains("First, install the VPN client")
                .contains("2026-12-01 10:06:47 JST (Asia/Tokyo)")
                .contains("<td>unlimited</td>");
        assertThat(templates.render(MailKind.PROFILE_DOWNLOAD, MailLanguage.JA, profile(null)).text())
                .contains("ダウンロード回数 : 無制限");
    }

    private static Map<String, String> failure(String reason, boolean withDevice) {
        Map<String, String> parameters = new HashMap<>(Map.of(
                "userName", "taro.yamada",
                "platform", "win",
                "presentedSerial", "SN-<b>42</b>",
                "reason", reason,
                "occurredAt", "2026-11-21T09:30:00Z"));
        if (withDevice) {
            parameters.put("deviceName", "PC-0042");
            parameters.put("deviceFound", "true");
        }
        return parameters;
    }

    @Test
    void theJapaneseAutoRegistrationFailureMailSaysWhoWhichDeviceWhenAndWhy() {
        RenderedMail mail = templates.render(MailKind.AUTO_REGISTRATION_FAILED, MailLanguage.JA,
                failure("SERIAL_IN_USE", true));

        assertThat(mail.subject()).isEqualTo("【セキュアリモートアクセス】デバイスIDの自動登録に失敗しました（taro.yamada）");
        assertThat(mail.text())
                .contains("ユーザ : taro.yamada")
                .contains("デバイス : PC-0042")
                .contains("プラットフォーム : win")
                .contains("提示されたシリアルID : SN-<b>42</b>")
                .contains("日時 : 2026/11/21 18:30:00")
                .contains("理由 : このシリアルIDは別のデバイスに登録済みです。");
        assertThat(mail.html())
                .contains("<td>taro.yamada</td>")
                .contains("<td>PC-0042</td>")
                .contains("SN-&lt;b&gt;42&lt;/b&gt;")
                .contains("このシリアルIDは別のデバイスに登録済みです。")
                .doesNotContain("自動登録が「無効」に設定されています");
    }

    @Test
    void aFailureWrittenBeforeEventsCarriedTheDevicesNameSaysADeviceWasFoundButNeverShowsItsId() {
        Map<String, String> parameters = failure("PLATFORM_MISMATCH", false);
        parameters.put("deviceFound", "true");

        assertThat(templates.render(MailKind.AUTO_REGISTRATION_FAILED, MailLanguage.JA, parameters).text())
                .contains("デバイス : （デバイス名不明）");
        RenderedMail english = templates.render(MailKind.AUTO_REGISTRATION_FAILED, MailLanguage.EN, parameters);
        assertThat(english.text()).contains("Device: (a device whose name is not known)");
        assertThat(english.html()).contains("(a device whose name is not known)");
    }

    @Test
    void theEnglishAutoRegistrationFailureMailSaysWhoWhichDeviceWhenAndWhy() {
        RenderedMail mail = templates.render(MailKind.AUTO_REGISTRATION_FAILED, MailLanguage.EN,
                failure("NO_FREE_DEVICE", false));

        assertThat(mail.subject()).isEqualTo("[Secure Remote Access] Device ID auto-registration failed (taro.yamada)");
        assertThat(mail.text())
                .contains("User: taro.yamada")
                .contains("Device: (no matching device)")
                .contains("Platform: win")
                .contains("When: 2026-11-21 18:30:00 JST (Asia/Tokyo)")
                .contains("Why: the user has no assigned device of this platform without a serial ID.");
        assertThat(mail.html())
                .contains("(no matching device)")
                .contains("the user has no assigned device of this platform without a serial ID.")
                .doesNotContain("already registered on another device");
    }

    @Test
    void everyFailureReasonHasItsOwnWordsInBothLanguages() {
        for (String reason : new String[] {"DISABLED", "NO_FREE_DEVICE", "SERIAL_IN_USE", "PLATFORM_MISMATCH", "MAC_DEVICE"}) {
            for (MailLanguage language : MailLanguage.values()) {
                RenderedMail mail = templates.render(MailKind.AUTO_REGISTRATION_FAILED, language, failure(reason, true));
                assertThat(mail.text()).as(reason + " " + language).doesNotContain(reason);
                assertThat(mail.html()).as(reason + " " + language).doesNotContain(">" + reason + "<");
            }
        }
    }

    private static final Map<String, String> SECRET = Map.of(
            "secretKind", "ENTRA_CLIENT_SECRET", "expiresOn", "2027-05-31", "reminderMonth", "2027-01");

    @Test
    void theJapaneseSecretReminderGivesTheExpiryDateAndWhatToDo() {
        RenderedMail mail = templates.render(MailKind.SECRET_EXPIRING, MailLanguage.JA, SECRET);

        assertThat(mail.subject()).contains("クライアントシークレットの有効期限（2027/05/31）");
        assertThat(mail.text())
                .contains("シークレット有効期限 : 2027/05/31")
                .contains("新しいクライアントシークレットを作成")
                .contains("「シークレット有効期限」に新しい有効期限を入力");
        assertThat(mail.html()).contains("2027/05/31").contains("<ol>").contains("証明書とシークレット");
    }

    @Test
    void theEnglishSecretReminderGivesTheExpiryDateAndWhatToDo() {
        RenderedMail mail = templates.render(MailKind.SECRET_EXPIRING, MailLanguage.EN, SECRET);

        assertThat(mail.subject()).isEqualTo("[Secure Remote Access] The Microsoft Entra ID client secret expires on 2027-05-31");
        assertThat(mail.text())
                .contains("Secret expiry date: 2027-05-31")
                .contains("create a new client secret")
                .contains("enter the new secret as the \"application password\"");
        assertThat(mail.html()).contains("2027-05-31").contains("Certificates &amp; secrets");
    }

    @Test
    void aDayReminderSentLateSaysTheSecretHasExpiredInBothLanguages() {
        Map<String, String> late = new HashMap<>(SECRET);
        late.put("expired", "true");

        RenderedMail ja = templates.render(MailKind.SECRET_EXPIRING, MailLanguage.JA, late);
        assertThat(ja.subject()).isEqualTo("【セキュアリモートアクセス】Microsoft Entra ID のクライアントシークレットの有効期限（2027/05/31）が切れています");
        assertThat(ja.text()).contains("有効期限が切れています。").contains("直ちに次の作業を行ってください。")
                .contains("有効期限当日にお送りできなかったため").doesNotContain("近づいています");
        assertThat(ja.html()).contains("有効期限が切れています。").doesNotContain("近づいています").doesNotContain("th:");

        RenderedMail en = templates.render(MailKind.SECRET_EXPIRING, MailLanguage.EN, late);
        assertThat(en.subject()).isEqualTo("[Secure Remote Access] The Microsoft Entra ID client secret expired on 2027-05-31");
        assertThat(en.text()).contains("has expired.").contains("Please do this now:").doesNotContain("expires soon");
        assertThat(en.html()).contains("has expired").doesNotContain("expires soon");

        RenderedMail onTime = templates.render(MailKind.SECRET_EXPIRING, MailLanguage.JA, SECRET);
        assertThat(onTime.text()).contains("近づいています").doesNotContain("切れています").doesNotContain("本日お送り");
    }

    @Test
    void aSubjectNeverSpansLines() {
        Map<String, String> parameters = profile("1");
        parameters.put("subject", "line one\r\nBcc: someone@example.com");
        assertThat(templates.render(MailKind.PROFILE_DOWNLOAD, MailLanguage.JA, parameters).subject())
                .doesNotContain("\n").doesNotContain("\r");
    }

    @Test
    void theAutoRegistrationNoticeSaysWhoWhichDeviceWhichHeadendAndWhenInBothLanguages() {
        Map<String, String> parameters = new HashMap<>(Map.of("userName", "taro.yamada", "deviceName", "PC-<b>42</b>",
                "serialId", "PF2ABCDE", "platform", "win", "nasName", "Tokyo VPN", "occurredAt", "2026-11-21T09:30:00Z"));

        RenderedMail ja = templates.render(MailKind.AUTO_REGISTERED, MailLanguage.JA, parameters);
        assertThat(ja.subject()).isEqualTo("【セキュアリモートアクセス】デバイスIDを自動登録しました（taro.yamada）");
        assertThat(ja.text()).contains("ユーザ : taro.yamada").contains("デバイス : PC-<b>42</b>")
                .contains("シリアルID : PF2ABCDE").contains("NASクライアント : Tokyo VPN").contains("日時 : 2026/11/21 18:30:00");
        assertThat(ja.html()).contains("<td>PC-&lt;b&gt;42&lt;/b&gt;</td>").contains("<td>Tokyo VPN</td>");

        parameters.remove("nasName");
        RenderedMail en = templates.render(MailKind.AUTO_REGISTERED, MailLanguage.EN, parameters);
        assertThat(en.subject()).isEqualTo("[Secure Remote Access] Device ID registered automatically (taro.yamada)");
        assertThat(en.text()).contains("User: taro.yamada").contains("Device: PC-<b>42</b>")
                .contains("NAS client: (unknown)").contains("When: 2026-11-21 18:30:00 JST (Asia/Tokyo)");
        assertThat(en.html()).contains("(unknown)");
    }
}
