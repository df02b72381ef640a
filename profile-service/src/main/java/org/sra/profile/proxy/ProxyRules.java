package org.sra.profile.proxy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.sra.events.profile.ProxyMode;
import org.sra.kit.error.DomainException;
import org.sra.kit.error.FieldError;
import org.sra.profile.profile.Connectability;

/**
 * The rules of the proxy setting (R-PXY-1, R-PXY-3, product guide §5), plain Java so they read
 * like the spec. {@code MANAGEMENT} needs an IPv4 address, a port 1–65535 and an optional
 * exclusion list of {@code ;}-separated host names or addresses where {@code *} is a wildcard.
 * The other modes carry no proxy server: anything entered for one is dropped.
 */
public final class ProxyRules {

    public static final int MAX_EXCLUSIONS = 100;
    public static final int MAX_EXCLUSION_LENGTH = 253;

    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    /** Host names, IPv4 addresses or prefixes, with {@code *} anywhere; {@code <local>} as in Windows. */
    private static final Pattern EXCLUSION = Pattern.compile("<local>|[A-Za-z0-9*]([A-Za-z0-9*.\\-:]*[A-Za-z0-9*])?");

    private ProxyRules() {
    }

    /**
     * @throws DomainException {@code invalid-request} naming every wrong field
     */
    public static ProxyConfig check(@Nullable ProxyMode mode, @Nullable String address, @Nullable Integer port,
                                    @Nullable String exclusions) {
        List<FieldError> violations = new ArrayList<>();
        if (mode == null) {
            throw DomainException.invalidFields("invalid-request", List.of(error("mode", "proxy.mode.required")));
        }
        if (mode != ProxyMode.MANAGEMENT) {
            return new ProxyConfig(mode, null, null, List.of());
        }
        String trimmedAddress = address == null ? "" : address.strip();
        if (trimmedAddress.isEmpty()) {
            violations.add(error("address", "proxy.address.required"));
        } else if (!IPV4.matcher(trimmedAddress).matches()) {
            violations.add(error("address", "proxy.address.ipv4", trimmedAddress));
        }
        if (port == null) {
            violations.add(error("port", "proxy.port.required"));
        } else if (port < 1 || port > 65535) {
            violations.add(error("port", "proxy.port.range", String.valueOf(port)));
        }
        List<String> entries = exclusions(exclusions, violations);
        if (!violations.isEmpty()) {
            throw DomainException.invalidFields("invalid-request", violations);
        }
        return new ProxyConfig(mode, trimmedAddress, port, entries);
    }

    /** A wrong field; the admin reads {@code field.<code>} of {@code messages*.properties}. */
    static FieldError error(String field, String code, Object... args) {
        return FieldError.of(field, code, "field." + code, args);
    }

    /** {@code a.example.com; 10.*;} → two entries; empty entries between separators are ignored. */
    static List<String> exclusions(@Nullable String text, List<FieldError> violations) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        List<String> entries = Arrays.stream(text.split(";")).map(String::strip).filter(e -> !e.isEmpty()).toList();
        if (entries.size() > MAX_EXCLUSIONS) {
            violations.add(error("exclusions", "proxy.exclusions.too-many", MAX_EXCLUSIONS));
            return entries;
        }
        for (String entry : entries) {
            if (entry.length() > MAX_EXCLUSION_LENGTH || !EXCLUSION.matcher(entry).matches()) {
                violations.add(error("exclusions", "proxy.exclusions.entry", entry));
            }
        }
        return entries;
    }

    /** {@code MANAGEMENT} cannot be used on Android devices (R-PXY-3, product guide §5-1). */
    public static boolean allowedOn(ProxyMode mode, boolean android) {
        return !(mode == ProxyMode.MANAGEMENT && android);
    }

    /** The rule itself lives with the profile: {@link Connectability#connectable(boolean, ProxyMode, boolean)}. */
    public static boolean connectable(boolean connectionAllowed, ProxyMode mode, boolean proxyApplied) {
        return Connectability.connectable(connectionAllowed, mode, proxyApplied);
    }
}
