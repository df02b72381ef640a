package org.sra.events;

/** Topic names. One topic per aggregate kind; the record key is the aggregate id. */
public final class Topics {

    /** Tenants and their contracts (key: tenant id). */
    public static final String TENANTS = "sra.tenants";
    /** NAS clients (headends) of a tenant (key: NAS client id). */
    public static final String NAS_CLIENTS = "sra.nas-clients";
    /** A tenant's admin accounts (key: account id). */
    public static final String ADMIN_ACCOUNTS = "sra.admin-accounts";
    /** A tenant's global settings (key: tenant id). */
    public static final String SETTINGS = "sra.settings";
    /** VPN users (key: user id). */
    public static final String VPN_USERS = "sra.vpn-users";
    /**
     * Devices, their assignment and auto-registration (key: device id; user id for a failed
     * registration that found no device).
     */
    public static final String DEVICES = "sra.devices";
    /**
     * Devices a CSV import created, in parts of up to 500 ({@code DevicesImported}; key: import id
     * and part). A topic of its own so that consumers read it on threads of their own: one
     * tenant's import never queues in front of another tenant's device events.
     */
    public static final String DEVICE_IMPORTS = "sra.device-imports";
    /** User profiles and their download links (key: profile id, {@code user:device}). */
    public static final String PROFILES = "sra.profiles";
    /** Tenant-wide proxy and local-segment settings (key: tenant id). */
    public static final String PROXY_SETTINGS = "sra.proxy-settings";
    /** Connection decisions and auto-registration requests (key: tenant id + user name). */
    public static final String CONNECTIONS = "sra.connections";
    /** VPN sessions (key: session id). */
    public static final String SESSIONS = "sra.sessions";
    /** Mail deliveries (key: delivery id). */
    public static final String MAILS = "sra.mails";
    /** Audit records of every service, kept by directory-service (key: tenant id). */
    public static final String AUDIT = "sra.audit";

    private Topics() {
    }

    /** Dead-letter topic of one consumer group. */
    public static String deadLetter(String consumerGroup) {
        return "sra.dlq." + consumerGroup;
    }
}
