package org.sra.events.audit;

import java.util.Set;
import java.util.TreeSet;

/**
 * Every action an audit entry may name ({@link AuditRecorded#action()}), whichever service records
 * it: the console shows each by a label of its own in every language it speaks (a gateway test
 * checks that), so an action missing here would reach the admin as a raw code. The kit refuses to
 * record an action that is not listed.
 */
public final class AuditActions {

    private static final Set<String> KNOWN = Set.of(
            // operator
            "TENANT_PROVISIONED", "TENANT_CONTRACT_CHANGED", "TENANT_SUSPENDED", "TENANT_RESUMED",
            "NAS_CLIENT_REGISTERED", "NAS_CLIENT_REMOVED",
            // admins and auditors
            "ADMIN_ACCOUNT_CREATED", "ADMIN_ROLE_CHANGED", "ADMIN_PASSWORD_CHANGED", "ADMIN_PASSWORD_RESET",
            "ADMIN_ACCOUNT_REMOVED", "ADMIN_ACCOUNT_UNLOCKED",
            // global settings
            "SETTINGS_DEVICE_REGISTRATION_CHANGED", "SETTINGS_NOTIFICATION_ADDRESSES_CHANGED", "SETTINGS_DNS_CHANGED",
            "SETTINGS_AUTH_TYPE_CHANGED", "SETTINGS_ACTIVE_DIRECTORY_CHANGED", "SETTINGS_ACTIVE_DIRECTORY_REFUSED",
            "SETTINGS_ENTRA_ID_CHANGED", "SETTINGS_MAIL_LANGUAGE_CHANGED", "SETTINGS_TIME_ZONE_CHANGED",
            // users
            "VPN_USER_ADDED", "VPN_USER_REMOVED", "VPN_USER_ENABLED", "VPN_USER_DISABLED", "VPN_USER_VALIDITY_SET",
            "VPN_USER_REFRESHED",
            "LOCAL_USER_CREATED", "LOCAL_USER_PASSWORD_RESET", "LOCAL_USER_REMOVED",
            // devices
            "DEVICE_CREATED", "DEVICE_UPDATED", "DEVICE_DELETED", "DEVICE_ASSIGNED", "DEVICE_UNASSIGNED",
            "DEVICE_SERIAL_REGISTERED", "DEVICES_IMPORTED",
            // profiles, proxy, local segment
            "PROFILE_CREATED", "PROFILE_CONNECTION_CHANGED", "PROFILE_PROXY_APPLIED", "PROFILE_LOCAL_SEGMENT_APPLIED",
            "PROFILE_MAIL_REGISTERED",
            "PROFILE_SENT", "PROFILE_LINK_REVOKED", "PROFILE_DELETED",
            "PROXY_SETTINGS_CHANGED", "LOCAL_SEGMENT_CHANGED",
            // sessions and mails
            "SESSION_DISCONNECTED", "MAIL_DELIVERY_RETRIED");

    private AuditActions() {
    }

    /** Whether an audit entry may name this action. */
    public static boolean isKnown(String action) {
        return KNOWN.contains(action);
    }

    /** Every action, sorted. */
    public static Set<String> all() {
        return new TreeSet<>(KNOWN);
    }
}
