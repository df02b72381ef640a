package org.sra.directory.settings;

import org.sra.directory.connector.ad.AdTransport;

/**
 * The AD connection as stored (R-SET-2); the admin password only sealed (context
 * {@code ad-admin:<tenantId>}).
 */
public record ActiveDirectoryConfig(String primaryHost, String primaryIp, String secondaryHost, String secondaryIp,
                                    String domain, String adminUser, String sealedAdminPassword,
                                    String netbiosDomain, AdTransport transport) {

    public static String sealContext(String tenantId) {
        return "ad-admin:" + tenantId;
    }

    public boolean hasSecondary() {
        return secondaryIp != null;
    }
}
