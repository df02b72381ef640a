package org.sra.directory.connector.entra;

/**
 * The tenant's app registration (R-SET-3).
 *
 * @param domain       the Entra tenant's domain, e.g. {@code contoso.onmicrosoft.com}; the authority is {@code <base><domain>/}
 * @param clientId     application (client) id
 * @param clientSecret the client secret in clear, held only in memory
 */
public record EntraApplication(String domain, String clientId, String clientSecret) {

    /** {@code user@domain}, or the name as given when it already has a domain. */
    public String userPrincipalName(String userName) {
        return userName.contains("@") ? userName : userName + "@" + domain;
    }

    @Override
    public String toString() {
        return "EntraApplication[" + domain + ", " + clientId + ", ********]";
    }
}
