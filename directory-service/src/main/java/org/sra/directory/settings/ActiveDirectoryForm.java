package org.sra.directory.settings;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.sra.directory.connector.ad.CaCertificates;
import org.sra.events.settings.LdapTransport;
import org.sra.kit.error.DomainException;

/**
 * The Active Directory dialog as the admin fills it (R-SET-2), and its rules: primary host name,
 * primary IPv4, AD domain and admin password required; admin user name defaults to
 * {@code Administrator}; a secondary needs both its host name and its IPv4 (else the primary
 * would never fail over); NetBIOS name only when it differs from the domain; the connection
 * ({@code transport}) must be chosen, so unencrypted LDAP is never taken by default; the CA
 * certificate(s) of the domain controllers (PEM) are optional and, when given, must be CA
 * certificates valid now.
 */
public record ActiveDirectoryForm(String primaryHost, String primaryIp, String secondaryHost, String secondaryIp,
                                  String domain, String adminUser, String adminPassword, String netbiosDomain,
                                  LdapTransport transport, String caCertificatesPem) {

    public static final String DEFAULT_ADMIN = "Administrator";
    // the host name is the part of the computer's full name before the domain: one DNS label
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern DOMAIN = Pattern.compile(
            "([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    // NetBIOS names: up to 15 characters, none of \ / : * ? " < > | . or spaces
    private static final Pattern NETBIOS = Pattern.compile("[A-Za-z0-9!@#$%^&'()_{}~-]{1,15}");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final Pattern ADMIN = Pattern.compile("[^\\p{Cntrl}\"/\\\\\\[\\]:;|=,+*?<>@]{1,104}");

    /** A field as the AD dialog labels it ({@code ad.field.<field>} in the messages), for problem texts. */
    public static MessageSourceResolvable label(String field) {
        return new DefaultMessageSourceResolvable(new String[] {"ad.field." + field}, field);
    }

    @Override
    public String toString() {
        return "ActiveDirectoryForm[" + primaryHost + ", " + primaryIp + ", " + domain + ", " + transport + "]";
    }

    /** As {@link #normalized(Instant)} now. */
    public ActiveDirectoryForm normalized() {
        return normalized(Instant.now());
    }

    /**
     * The form trimmed and defaulted, the CA certificates re-encoded as plain PEM (text around the
     * blocks dropped); a {@link DomainException} naming the first bad field. CA certificates
     * must be CA certificates valid at {@code now}.
     */
    public ActiveDirectoryForm normalized(Instant now) {
        String host = require("primaryHost", primaryHost);
        check("primaryHost", host, HOST.matcher(host).matches());
        String ip = require("primaryIp", primaryIp);
        check("primaryIp", ip, Ipv4.isValid(ip));
        String secHost = blankToNull(secondaryHost);
        String secIp = blankToNull(secondaryIp);
        if ((secHost == null) != (secIp == null)) {
            throw new DomainException(DomainException.Kind.INVALID, "ad-secondary-incomplete",
                    Map.of("field", secHost == null ? "secondaryHost" : "secondaryIp"));
        }
        if (secHost != null) {
            check("secondaryHost", secHost, HOST.matcher(secHost).matches());
            check("secondaryIp", secIp, Ipv4.isValid(secIp));
        }
        String dom = require("domain", domain).toLowerCase(Locale.ROOT);
        check("domain", dom, dom.length() <= 253 && DOMAIN.matcher(dom).matches());
        String admin = adminUser == null || adminUser.isBlank() ? DEFAULT_ADMIN : adminUser.strip();
        check("adminUser", admin, ADMIN.matcher(admin).matches());
        if (adminPassword == null || adminPassword.isEmpty()) {
            throw new DomainException(DomainException.Kind.INVALID, "ad-field-required", Map.of("field", "adminPassword"),
                    label("adminPassword"));
        }
        if (adminPassword.length() > 256) {
            throw new DomainException(DomainException.Kind.INVALID, "ad-field-invalid", Map.of("field", "adminPassword"),
                    label("adminPassword"), "");
        }
        String netbios = blankToNull(netbiosDomain);
        if (netbios != null) {
            check("netbiosDomain", netbios, NETBIOS.matcher(netbios).matches());
            netbios = netbios.toUpperCase(Locale.ROOT);
        }
        if (transport == null) {
            // unencrypted LDAP only when chosen: no default
            throw new DomainException(DomainException.Kind.INVALID, "ad-field-required", Map.of("field", "transport"),
                    label("transport"));
        }
        return new ActiveDirectoryForm(host, ip, secHost, secIp, dom, admin, adminPassword, netbios, transport,
                caCertificates(caCertificatesPem, now));
    }

    /** The registered CA certificates as plain PEM, or null when none were given. */
    private static String caCertificates(String pem, Instant now) {
        if (pem == null || pem.isBlank()) {
            return null;
        }
        try {
            return CaCertificates.toPem(CaCertificates.parse(pem, now));
        } catch (CaCertificates.Invalid e) {
            X509Certificate offending = e.offending();
            String subject = offending == null ? "" : clip(offending.getSubjectX500Principal().getName());
            Instant date = offending == null ? null
                    : e.reason() == CaCertificates.Reason.NOT_YET_VALID ? offending.getNotBefore().toInstant()
                    : offending.getNotAfter().toInstant();
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("field", "caCertificatesPem");
            properties.put("reason", e.reason().name());
            if (e.certificate() > 0) {
                properties.put("certificate", e.certificate());
            }
            // never the pasted text itself: it may hold a private key
            throw new DomainException(DomainException.Kind.INVALID, "ad-ca-certificate-invalid", properties,
                    label("caCertificatesPem"), new DefaultMessageSourceResolvable(
                            new String[] {"ad.ca." + e.reason().name()},
                            new Object[] {e.certificate(), subject, date == null ? "" : DAY.format(date),
                                    CaCertificates.MAX_CERTIFICATES, CaCertificates.MAX_CHARS},
                            e.reason().name()));
        }
    }

    private static String clip(String value) {
        return value.length() > 100 ? value.substring(0, 100) + "…" : value;
    }

    private static String require(String field, String value) {
        String stripped = blankToNull(value);
        if (stripped == null) {
            throw new DomainException(DomainException.Kind.INVALID, "ad-field-required", Map.of("field", field), label(field));
        }
        return stripped;
    }

    private static void check(String field, String value, boolean valid) {
        if (!valid) {
            throw new DomainException(DomainException.Kind.INVALID, "ad-field-invalid", Map.of("field", field), label(field),
                    value.length() > 100 ? value.substring(0, 100) : value);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
