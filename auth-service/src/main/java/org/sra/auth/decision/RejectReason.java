package org.sra.auth.decision;

/**
 * One code per way a connection attempt is refused, kept in the decision log and published in
 * {@code ConnectionDecided}; each has the message the VPN client shows (Japanese and English).
 */
public enum RejectReason {
    TENANT_SUSPENDED("ご利用の契約は現在停止されています。管理者にお問い合わせください。",
            "Your organisation's service is suspended. Please contact your administrator."),
    UNKNOWN_USER("ユーザ名またはパスワードが正しくありません。",
            "The user name or password is incorrect."),
    BAD_PASSWORD("ユーザ名またはパスワードが正しくありません。",
            "The user name or password is incorrect."),
    DIRECTORY_UNAVAILABLE("認証サーバに接続できません。しばらくしてから再度接続してください。",
            "The sign-in server cannot be reached. Please try again in a few minutes."),
    DIRECTORY_NOT_CONFIGURED("認証方式が設定されていません。管理者にお問い合わせください。",
            "Sign-in is not set up for your organisation. Please contact your administrator."),
    NO_DEVICE("このユーザにはデバイスが割り当てられていません。管理者にお問い合わせください。",
            "No device is assigned to you. Please contact your administrator."),
    DEVICE_DISABLED("このデバイスからの接続は許可されていません。",
            "Connections from this device are not allowed."),
    PROFILE_DISABLED("このプロファイルでの接続は許可されていません。",
            "Connections with this profile are not allowed."),
    DEVICE_MISMATCH("登録されていないデバイスです。",
            "This device is not registered for you."),
    DEVICE_REGISTERED_RECONNECT("デバイスIDを登録しました。もう一度接続してください。",
            "Your device has been registered. Please connect again."),
    AUTO_REGISTRATION_FAILED("デバイスIDを登録できませんでした。管理者にお問い合わせください。",
            "Your device could not be registered. Please contact your administrator."),
    PROXY_NOT_APPLIED("プロキシ設定が適用されていないため接続できません。管理者にお問い合わせください。",
            "The proxy setting has not been applied to your profile. Please contact your administrator."),
    POOL_EXHAUSTED("割り当て可能なアドレスがありません。しばらくしてから再度接続してください。",
            "No VPN address is free right now. Please try again later.");

    private final String japanese;
    private final String english;

    RejectReason(String japanese, String english) {
        this.japanese = japanese;
        this.english = english;
    }

    /** The Reply-Message for the tenant's language ({@code en}, otherwise Japanese). */
    public String replyMessage(String language) {
        return "en".equalsIgnoreCase(language) ? english : japanese;
    }
}
