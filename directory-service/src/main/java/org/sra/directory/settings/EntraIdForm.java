package org.sra.directory.settings;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.support.DefaultMessageSourceResolvable;

import org.sra.kit.error.DomainException;

/**
 * The Entra ID dialog as the admin fills it (R-SET-3): application (client) id, client secret,
 * domain, admin user name without {@code @…}, admin password, client-secret expiry date. The
 * secret may be left out (or sent as the mask) on a later save to keep the stored one.
 */
public record EntraIdForm(String domain, String clientId, String clientSecret, String secretExpiresOn,
                          String adminUser, String adminPassword) {

    public static final String MASK = "********";
    private static final Pattern DOMAIN = Pattern.compile(
            "([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    /** A name without a dot: the tenant's initial domain {@code <name>.onmicrosoft.com}. */
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final String INITIAL_DOMAIN = ".onmicrosoft.com";
    private static final Pattern GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    // the local part of a UPN: no @, no spaces or control characters
    private static final Pattern ADMIN = Pattern.compile("[^@\\s\\p{Cntrl}\"\\\\]{1,64}");
    private static final Pattern SECRET = Pattern.compile("[\\x21-\\x7e]{1,256}");

    @Override
    public String toString() {
        return "EntraIdForm[" + domain + ", " + clientId + ", " + adminUser + "]";
    }

    /** Whether the admin left the secret as it was (omitted, empty, or the mask sent back). */
    public boolean keepsSecret() {
        return clientSecret == null || clientSecret.isEmpty() || MASK.equals(clientSecret);
    }

    /**
     * The form trimmed and checked; a {@link DomainException} naming the first bad field.
     *
     * @param hasStoredSecret whether a secret is stored that an omitted one keeps
     */
    public EntraIdForm normalized(boolean hasStoredSecret) {
        String dom = require("domain", domain).toLowerCase(Locale.ROOT);
        if (LABEL.matcher(dom).matches()) {
            // the guide's example is the tenant's name alone ("bit-drive"): its initial domain
            dom = dom + INITIAL_DOMAIN;
        }
        check("domain", dom, dom.length() <= 253 && DOMAIN.matcher(dom).matches());
        String client = require("clientId", clientId).toLowerCase(Locale.ROOT);
        check("clientId", client, GUID.matcher(client).matches());
        if (keepsSecret()) {
            if (!hasStoredSecret) {
                throw new DomainException(DomainException.Kind.INVALID, "entra-field-required",
                        Map.of("field", "clientSecret"), label("clientSecret"));
            }
        } else if (!SECRET.matcher(clientSecret).matches()) {
            throw new DomainException(DomainException.Kind.INVALID, "entra-field-invalid", Map.of("field", "clientSecret"),
                    label("clientSecret"), "");
        }
        String expiry = require("secretExpiresOn", secretExpiresOn);
        try {
            LocalDate.parse(expiry);
        } catch (DateTimeParseException e) {
            throw new DomainException(DomainException.Kind.INVALID, "entra-field-invalid",
                    Map.of("field", "secretExpiresOn"), label("secretExpiresOn"), clip(expiry));
        }
        String admin = require("adminUser", adminUser);
        if (admin.contains("@")) {
            throw new DomainException(DomainException.Kind.INVALID, "entra-admin-with-domain", Map.of("field", "adminUser"),
                    clip(admin), dom);
        }
        check("adminUser", admin, ADMIN.matcher(admin).matches());
        if (adminPassword == null || adminPassword.isEmpty()) {
            throw new DomainException(DomainException.Kind.INVALID, "entra-field-required",
                    Map.of("field", "adminPassword"), label("adminPassword"));
        }
        if (adminPassword.length() > 256) {
            throw new DomainException(DomainException.Kind.INVALID, "entra-field-invalid",
                    Map.of("field", "adminPassword"), label("adminPassword"), "");
        }
        return new EntraIdForm(dom, client, keepsSecret() ? null : clientSecret, expiry, admin, adminPassword);
    }

    LocalDate expiryDate() {
        return LocalDate.parse(secretExpiresOn);
    }

    /** A field as the Entra ID dialog labels it ({@code entra.field.<field>} in the messages), for problem texts. */
    static MessageSourceResolvable label(String field) {
        return new DefaultMessageSourceResolvable(new String[] {"entra.field." + field}, field);
    }

    private static String require(String field, String value) {
        String stripped = value == null || value.isBlank() ? null : value.strip();
        if (stripped == null) {
            throw new DomainException(DomainException.Kind.INVALID, "entra-field-required", Map.of("field", field), label(field));
        }
        return stripped;
    }

    private static void check(String field, String value, boolean valid) {
        if (!valid) {
            throw new DomainException(DomainException.Kind.INVALID, "entra-field-invalid", Map.of("field", field), label(field),
                    clip(value));
        }
    }

    private static String clip(String value) {
        String visible = value.replaceAll("\\p{Cntrl}", "?");
        return visible.length() > 100 ? visible.substring(0, 100) : visible;
    }
}
