package org.sra.profile.profile;

import java.util.Locale;

/**
 * The six statuses of a profile (R-PRO-4), each with the label the admin sees: Japanese exactly
 * as in the product guide, English alongside.
 */
public enum ProfileStatus {

    MAIL_NOT_SENT("メールを送信してください。", "Please send the mail."),
    WAITING_DOWNLOAD("プロファイルDL待ち", "Waiting for the profile download"),
    WAITING_DOWNLOAD_RESENT("プロファイルDL待ち [再送信フロー]", "Waiting for the profile download [resent]"),
    LINK_EXPIRED("URLの期限が切れました。再度メール送信してください。", "The URL has expired. Please send the mail again."),
    WAITING_DEVICE_REGISTRATION("デバイスID登録処理を行ってください。", "Please complete the device ID registration."),
    READY("接続準備完了", "Ready to connect");

    private final String japanese;
    private final String english;

    ProfileStatus(String japanese, String english) {
        this.japanese = japanese;
        this.english = english;
    }

    public String english() {
        return english;
    }

    /** The label in the admin's language: English when asked for, Japanese otherwise. */
    public String label(Locale locale) {
        return Locale.ENGLISH.getLanguage().equals(locale.getLanguage()) ? english : japanese;
    }

    /** A link sent but not yet used; only these statuses run out into {@link #LINK_EXPIRED}. */
    public boolean waitsForDownload() {
        return this == WAITING_DOWNLOAD || this == WAITING_DOWNLOAD_RESENT;
    }
}
