package org.sra.directory.connector.entra;

import java.util.Locale;
import java.util.Map;

/**
 * Why Entra ID or Graph refused or could not be asked; the AADSTS codes are those of the
 * Microsoft identity platform's error bodies.
 */
public enum EntraFailure {
    /** AADSTS50076/50079: the account needs MFA, which a password-only check cannot do. */
    MFA_REQUIRED,
    /** AADSTS7000215: the client secret is wrong (often the secret's id instead of its value). */
    BAD_SECRET,
    /** AADSTS7000222: the client secret is past its end date. */
    SECRET_EXPIRED,
    /** AADSTS90002 (and 900023): no Entra tenant of that domain or id. */
    UNKNOWN_TENANT,
    /** AADSTS700016: no application with that client id in the tenant. */
    UNKNOWN_CLIENT,
    /** AADSTS7000218: the app does not allow public client flows, which the password check needs. */
    PUBLIC_CLIENT_DISABLED,
    /** AADSTS50126 (and 50034): wrong user name or password. */
    BAD_CREDENTIALS,
    /** AADSTS50057: the account is disabled. */
    ACCOUNT_DISABLED,
    /** Graph 401/403: the app lacks the {@code User.Read.All} application permission (or consent). */
    GRAPH_FORBIDDEN,
    /** Graph 429 for longer than the connector waits; {@link EntraException#retryAfterSeconds()} says how long. */
    THROTTLED,
    /** No connection, TLS failure or no answer in time. */
    UNREACHABLE,
    /** Any other refusal. */
    UNEXPECTED;

    private static final Map<Integer, EntraFailure> BY_AADSTS = Map.ofEntries(
            Map.entry(50076, MFA_REQUIRED), Map.entry(50079, MFA_REQUIRED), Map.entry(50074, MFA_REQUIRED),
            Map.entry(7000215, BAD_SECRET), Map.entry(7000222, SECRET_EXPIRED),
            Map.entry(90002, UNKNOWN_TENANT), Map.entry(900023, UNKNOWN_TENANT),
            Map.entry(700016, UNKNOWN_CLIENT), Map.entry(7000218, PUBLIC_CLIENT_DISABLED),
            Map.entry(50126, BAD_CREDENTIALS), Map.entry(50034, BAD_CREDENTIALS),
            Map.entry(50057, ACCOUNT_DISABLED));

    /** The failure an AADSTS code stands for; {@link #UNEXPECTED} for codes not listed. */
    public static EntraFailure ofAadsts(int code) {
        return BY_AADSTS.getOrDefault(code, UNEXPECTED);
    }

    /** The problem slug, e.g. {@code entra-mfa-required}. */
    public String slug() {
        return "entra-" + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
