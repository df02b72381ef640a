package org.sra.local.bench;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import org.sra.fixtures.ad.DemoDirectory;

/**
 * Adds generated users to the stack's running demo directory over LDAP, bound as its
 * Administrator, laid out like the LDIF's own users (enabled, {@code <login>@example.com}, the
 * demo password). The demo directory has ten users; bulk scenarios need hundreds or thousands.
 * The directory is rebuilt from its LDIF at each start, so they are gone after a restart.
 */
public final class DirectoryUsers {

    private DirectoryUsers() {
    }

    /** The logins {@code <prefix>.00001} … in order; their mail is {@code <login>@example.com}. */
    public static List<String> add(String ldapHostPort, String prefix, int count) throws LDAPException {
        String[] hostPort = ldapHostPort.split(":");
        List<String> logins = new ArrayList<>(count);
        try (LDAPConnection ldap = new LDAPConnection(hostPort[0], Integer.parseInt(hostPort[1]),
                DemoDirectory.ADMINISTRATOR + "@" + DemoDirectory.DOMAIN, DemoDirectory.ADMINISTRATOR_PASSWORD)) {
            for (int i = 1; i <= count; i++) {
                String login = String.format("%s.%05d", prefix, i);
                String cn = "Bench " + login;
                String dn = "CN=" + cn + "," + DemoDirectory.USERS_DN;
                UUID guid = UUID.randomUUID();
                byte[] objectGuid = ByteBuffer.allocate(16).putLong(guid.getMostSignificantBits())
                        .putLong(guid.getLeastSignificantBits()).array();
                ldap.add(new Entry(dn,
                        new Attribute("objectClass", "top", "person", "organizationalPerson", "user"),
                        new Attribute("cn", cn),
                        new Attribute("sn", "Bench"),
                        new Attribute("displayName", "Bench User " + i),
                        new Attribute("sAMAccountName", login),
                        new Attribute("userPrincipalName", login + "@" + DemoDirectory.DOMAIN),
                        new Attribute("mail", login + "@example.com"),
                        new Attribute("userAccountControl", "512"),
                        new Attribute("sAMAccountType", "805306368"),
                        new Attribute("objectCategory", "CN=Person,CN=Schema,CN=Configuration," + DemoDirectory.BASE_DN),
                        new Attribute("objectGUID", objectGuid),
                        new Attribute("distinguishedName", dn),
                        new Attribute("memberOf", DemoDirectory.VPN_USERS_GROUP_DN),
                        new Attribute("userPassword", DemoDirectory.USER_PASSWORD)));
                logins.add(login);
            }
        }
        return logins;
    }
}
