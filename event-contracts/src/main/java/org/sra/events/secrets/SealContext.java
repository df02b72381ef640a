package org.sra.events.secrets;

import java.util.Arrays;
import java.util.Optional;

/**
 * The names of the seal contexts (see service-kit's {@code SecretSealer}): part of the contract
 * between services, since the one that seals and the one that opens must bind the same
 * associated data {@code <name>:<tenantId>} and hold the key derived for the same name. Each
 * service lists the names it uses in {@code sra.secrets.contexts} of its {@code application.yml}.
 */
public enum SealContext {

    /** RADIUS shared secret of a NAS client ({@code NasClientRegistered}): directory seals, auth opens. */
    NAS_SECRET("nas-secret"),
    /** bcrypt hash of a LOCAL user's password ({@code LocalPasswordSet}): directory seals, auth opens. */
    LOCAL_PASSWORD("local-password"),
    /** Active Directory admin password at rest: directory-service alone. */
    AD_ADMIN("ad-admin"),
    /** Entra ID client secret at rest: directory-service alone. */
    ENTRA_SECRET("entra-secret"),
    /** Download URL in {@code ProfileIssued}: profile seals, notification opens. */
    PROFILE_URL("profile-url");

    private final String contextName;

    SealContext(String contextName) {
        this.contextName = contextName;
    }

    /** The name, e.g. {@code nas-secret}: the key's name in {@code sra.secrets.keys} and {@code sra.secrets.contexts}. */
    public String contextName() {
        return contextName;
    }

    /** The whole context a tenant's value is sealed under, e.g. {@code nas-secret:<tenantId>}. */
    public String of(String tenantId) {
        return contextName + ":" + tenantId;
    }

    public static Optional<SealContext> byName(String contextName) {
        return Arrays.stream(values()).filter(c -> c.contextName.equals(contextName)).findFirst();
    }
}
