package org.sra.events.settings;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.sra.events.EventPayload;

/**
 * A tenant's global settings after a change (R-SET-1..8): the full state, so a consumer keeps
 * only the latest. Carries what auth-service needs to verify passwords against the directory;
 * the directory admin credentials are not in it, and secrets only sealed.
 *
 * @param notificationAddresses where failure and expiry mails go (R-SET-6); may be empty
 * @param primaryDns            IPv4 pushed to clients (R-SET-7)
 * @param vpnPool               CIDR clients get addresses from (R-SET-8)
 * @param language              language of mails to the admin: {@code ja} or {@code en}
 * @param activeDirectory       set when {@code authType} is {@code ACTIVE_DIRECTORY}
 * @param entraId               set when {@code authType} is {@code ENTRA_ID}
 * @param timeZone              the tenant's time zone (IANA id, e.g. {@code Asia/Tokyo}) in which mails,
 *                              exports and the console show times and daily jobs count days; null in
 *                              events written before it existed (read as {@link #DEFAULT_TIME_ZONE})
 */
public record SettingsChanged(String tenantId, AuthType authType, boolean autoRegistration, boolean notifyOnFailure,
                              List<String> notificationAddresses, @Nullable String primaryDns,
                              @Nullable String secondaryDns, String vpnPool, String language,
                              @Nullable ActiveDirectory activeDirectory, @Nullable EntraId entraId,
                              @Nullable String timeZone)
        implements EventPayload {

    /** The zone of a tenant that never chose one, and of events written before the choice existed. */
    public static final String DEFAULT_TIME_ZONE = "Asia/Tokyo";

    /** Without a time zone (the form before it existed): the tenant's zone is the default. */
    public SettingsChanged(String tenantId, AuthType authType, boolean autoRegistration, boolean notifyOnFailure,
                           List<String> notificationAddresses, @Nullable String primaryDns,
                           @Nullable String secondaryDns, String vpnPool, String language,
                           @Nullable ActiveDirectory activeDirectory, @Nullable EntraId entraId) {
        this(tenantId, authType, autoRegistration, notifyOnFailure, notificationAddresses, primaryDns, secondaryDns,
                vpnPool, language, activeDirectory, entraId, null);
    }

    /** The tenant's time zone id; the default for events written before it was sent. */
    public String effectiveTimeZone() {
        return timeZone == null || timeZone.isBlank() ? DEFAULT_TIME_ZONE : timeZone;
    }

    @Override
    public String aggregateId() {
        return tenantId;
    }

    /**
     * How to reach the tenant's Active Directory (R-SET-2). The secondary is used only when the
     * primary is down and a secondary is configured.
     *
     * @param domain        AD domain, e.g. {@code corp.example.com} (users bind as {@code user@domain})
     * @param netbiosDomain NetBIOS domain name when it differs from the AD domain
     * @param useTls        whether the connection is protected at all (kept for readers of the first
     *                      form of this event)
     * @param transport     how it is protected; absent in events written before it existed, where
     *                      {@code useTls} meant StartTLS
     * @param caCertificatesPem the CA certificate(s) the tenant registered for its domain controllers
     *                      (PEM, one or more {@code CERTIFICATE} blocks): StartTLS/LDAPS then trust only
     *                      these instead of the JVM's trust store. Public, so it travels in clear;
     *                      null when none is registered (and in events written before it existed)
     */
    public record ActiveDirectory(String primaryHost, String primaryIp, @Nullable String secondaryHost,
                                  @Nullable String secondaryIp, String domain, @Nullable String netbiosDomain,
                                  boolean useTls, @Nullable LdapTransport transport,
                                  @Nullable String caCertificatesPem) {

        public ActiveDirectory {
            if (transport != null && useTls != (transport != LdapTransport.PLAIN)) {
                throw new IllegalArgumentException("useTls " + useTls + " contradicts transport " + transport);
            }
        }

        /** Without a registered CA: TLS trusts the JVM's trust store. */
        public ActiveDirectory(String primaryHost, String primaryIp, @Nullable String secondaryHost,
                               @Nullable String secondaryIp, String domain, @Nullable String netbiosDomain,
                               boolean useTls, @Nullable LdapTransport transport) {
            this(primaryHost, primaryIp, secondaryHost, secondaryIp, domain, netbiosDomain, useTls, transport, null);
        }

        /** The first form: {@code useTls} alone, meaning StartTLS. */
        public ActiveDirectory(String primaryHost, String primaryIp, @Nullable String secondaryHost,
                               @Nullable String secondaryIp, String domain, @Nullable String netbiosDomain,
                               boolean useTls) {
            this(primaryHost, primaryIp, secondaryHost, secondaryIp, domain, netbiosDomain, useTls,
                    useTls ? LdapTransport.STARTTLS : LdapTransport.PLAIN, null);
        }

        /** The transport to use, also for events written before {@code transport} existed. */
        public LdapTransport effectiveTransport() {
            return transport != null ? transport : useTls ? LdapTransport.STARTTLS : LdapTransport.PLAIN;
        }
    }

    /**
     * The tenant's Microsoft Entra ID application (R-SET-3), used for ROPC sign-in (a public
     * client: no client secret needed).
     *
     * @param sealedClientSecret no longer sent ({@code null}): only directory-service uses the
     *                           client secret and keeps it itself, so no other service holds its
     *                           key. Events written before carry it sealed; consumers ignore it.
     */
    public record EntraId(String clientId, String domain, @Nullable String sealedClientSecret) {

        /** As sent now: without the client secret. */
        public EntraId(String clientId, String domain) {
            this(clientId, domain, null);
        }
    }
}
