package org.sra.auth.decision;

/**
 * One code per way a connection attempt is refused, kept in the decision log and published in
 * {@code ConnectionDecided}; each has its message for the VPN client (Japanese and English).
 *
 * <p>What the client is told is not always that message: a reason that only arises once the
 * password was found right (no device, the wrong device, …) would tell whoever tries passwords
 * that this one is right. Such reasons reach the client as the one generic answer that also
 * covers an unknown user or a wrong password ({@link #clientMessage}), unless the attempt came
 * from a device proven by its serial ID or MAC address, whose user must know why. The precise
 * reason stays in the decision log and in {@code ConnectionDecided}.
 */
public enum RejectReason {
    TENANT_SUSPENDED("ご利用の契約は現在停止されています。管理者にお問い合わせください。",
            "Your organisation's service is suspended. Please contact your administrator."),
    UNKNOWN_USER("ユーザ名またはパスワードが正しくありません。",
            "The user name or password is incorrect."),
    BAD_PASSWORD("ユーザ名またはパスワードが正しくありません。",
            "The user name or password is incorrect."),
    USER_DISABLED("このユーザは現在接続できません。管理者にお問い合わせください。",
            "You cannot connect at present. Please contact your administrator."),
    PASSWORD_THROTTLED("パスワードの誤りが続いたため、しばらく接続できません。時間をおいて再度お試しください。",
            "Too many wrong passwords: connections are refused for a while. Please try again later."),
    DIRECTORY_UNAVAILABLE("認証サーバに接続できません。しばらくしてから再度接続してください。",
            "The sign-in server cannot be reached. Please try again in a few minutes."),
    DIRECTORY_NOT_CONFIGURED("認証方式が設定されていません。管理者にお問い合わせください。",
            "Sign-in is not set up for your organisation. Please contact your administrator."),
    NO_DEVICE("このユーザにはデバイスが割り当てられていません。管理者にお問い合わせください。",
            "No device is assigned to you. Please contact your administrator."),
    DEVICE_DISABLED("このデバイスからの接続は許可されていません。",
            "Connections from this device are not allowed."),
    DEVICE_OUTSIDE_VALIDITY("このデバイスは利用期間外のため接続できません。",
            "This device is outside its validity period."),
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

    /** The code the HTTP decision API gives for every reason told only as the generic answer. */
    public static final String GENERIC_CODE = "REJECTED";
    private static final String GENERIC_JA = "接続できません。ユーザ名とパスワードを確認し、解決しない場合は管理者にお問い合わせください。";
    private static final String GENERIC_EN =
            "You cannot connect. Check your user name and password; if that does not help, contact your administrator.";

    private final String japanese;
    private final String english;

    RejectReason(String japanese, String english) {
        this.japanese = japanese;
        this.english = english;
    }

    /** This reason's own message in the tenant's language ({@code en}, otherwise Japanese). */
    public String replyMessage(String language) {
        return "en".equalsIgnoreCase(language) ? english : japanese;
    }

    /**
     * Whether the client may be told this reason itself. Reasons that arise before the password
     * is known to be right (the tenant suspended, the directory unreachable or not set up) tell
     * nothing about it; "device ID registered, reconnect" asks the user to act; the state of a
     * device the attempt proved by its serial ID or MAC address is its user's business. Every other
     * reason is told as the generic answer.
     *
     * @param deviceProven the attempt presented the serial ID or MAC address of one of the user's devices
     */
    public boolean toldToClient(boolean deviceProven) {
        return switch (this) {
            case TENANT_SUSPENDED, DIRECTORY_UNAVAILABLE, DIRECTORY_NOT_CONFIGURED, DEVICE_REGISTERED_RECONNECT -> true;
            case DEVICE_DISABLED, DEVICE_OUTSIDE_VALIDITY, PROFILE_DISABLED, PROXY_NOT_APPLIED, POOL_EXHAUSTED -> deviceProven;
            case UNKNOWN_USER, USER_DISABLED, BAD_PASSWORD, PASSWORD_THROTTLED, NO_DEVICE, DEVICE_MISMATCH, AUTO_REGISTRATION_FAILED -> false;
        };
    }

    /** The Reply-Message the client gets (see {@link #toldToClient}). */
    public String clientMessage(boolean deviceProven, String language) {
        if (toldToClient(deviceProven)) {
            return replyMessage(language);
        }
        return "en".equalsIgnoreCase(language) ? GENERIC_EN : GENERIC_JA;
    }

    /** The reason code the HTTP decision API gives: this one's name, or {@value #GENERIC_CODE}. */
    public String clientCode(boolean deviceProven) {
        return toldToClient(deviceProven) ? name() : GENERIC_CODE;
    }
}
