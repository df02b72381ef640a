package org.sra.directory.settings;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.sra.kit.error.DomainException;

/**
 * Refuses an AD server address that points into the platform rather than at a tenant's domain
 * controller: loopback (unless {@link AdCheckSettings#allowLoopback()}), unspecified, link-local,
 * multicast, broadcast, and the operator's own networks ({@link AdCheckSettings#deniedNetworks()}).
 * A host name is resolved and every address it resolves to is checked; an IP address is parsed,
 * never looked up. CIDR matching is Spring Security's {@link IpAddressMatcher} (IPv4 and IPv6; a
 * network of one family never matches an address of the other).
 */
public final class AdAddressGuard {

    /** Why an address is refused; {@code ad.address.<reason>} says it in screen words. */
    public enum Reason { LOOPBACK, UNSPECIFIED, LINK_LOCAL, MULTICAST, BROADCAST, PLATFORM }

    /** Turns a host name into its addresses; {@link InetAddress#getAllByName} in production. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String name) throws UnknownHostException;
    }

    private record Network(String cidr, IpAddressMatcher matcher, Reason reason) {
    }

    private static final Pattern IPV4_LITERAL = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

    private final List<Network> denied = new ArrayList<>();
    private final Resolver resolver;

    public AdAddressGuard(AdCheckSettings settings) {
        this(settings, InetAddress::getAllByName);
    }

    public AdAddressGuard(AdCheckSettings settings, Resolver resolver) {
        this.resolver = resolver;
        if (!settings.allowLoopback()) {
            deny(Reason.LOOPBACK, "127.0.0.0/8", "::1/128");
        }
        deny(Reason.UNSPECIFIED, "0.0.0.0/8", "::/128");
        deny(Reason.LINK_LOCAL, "169.254.0.0/16", "fe80::/10");
        deny(Reason.MULTICAST, "224.0.0.0/4", "ff00::/8");
        deny(Reason.BROADCAST, "255.255.255.255/32");
        for (String cidr : settings.deniedNetworks()) {
            try {
                deny(Reason.PLATFORM, cidr);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("sra.directory.ad-check.denied-networks: \"" + cidr
                        + "\" is not an IP address or CIDR network", e);
            }
        }
    }

    private void deny(Reason reason, String... cidrs) {
        for (String cidr : cidrs) {
            denied.add(new Network(cidr, new IpAddressMatcher(cidr), reason));
        }
    }

    /**
     * Checks the value of one field of the AD dialog (an IP address, or a host name whose every
     * address is checked) before anything is dialled.
     *
     * @throws DomainException 400 {@code ad-address-denied} naming the field as the screen labels
     *                          it and why; 422 {@code ad-name-unresolved} when a name has no address
     */
    public void check(String field, String value) {
        for (InetAddress address : addresses(field, value)) {
            Reason reason = reason(address);
            if (reason != null) {
                String shown = plain(address);
                throw new DomainException(DomainException.Kind.INVALID, "ad-address-denied",
                        Map.of("field", field, "reason", reason.name(), "stage", "ADDRESS"),
                        ActiveDirectoryForm.label(field), clip(value),
                        new DefaultMessageSourceResolvable(new String[] {"ad.address." + reason.name()},
                                new Object[] {shown}, reason.name()));
            }
        }
    }

    /** The reason {@code address} is refused, or null when it may be dialled. */
    Reason reason(InetAddress address) {
        String text = plain(address);
        for (Network network : denied) {
            if (network.matcher().matches(text)) {
                return network.reason();
            }
        }
        return null;
    }

    private InetAddress[] addresses(String field, String value) {
        String text = value.strip();
        try {
            if (IPV4_LITERAL.matcher(text).matches() || text.indexOf(':') >= 0) {
                // a literal: parsed by the JDK, no lookup
                return new InetAddress[] {InetAddress.getByName(text)};
            }
            InetAddress[] resolved = resolver.resolve(text);
            if (resolved == null || resolved.length == 0) {
                throw new UnknownHostException(text);
            }
            return resolved;
        } catch (UnknownHostException | IllegalArgumentException e) {
            throw new DomainException(DomainException.Kind.UNPROCESSABLE, "ad-name-unresolved",
                    Map.of("field", field, "stage", "NAME_RESOLUTION"),
                    ActiveDirectoryForm.label(field), clip(text));
        }
    }

    /** The address as text without an IPv6 zone ({@code %eth0}), which the matcher does not read. */
    private static String plain(InetAddress address) {
        String text = address.getHostAddress();
        int zone = text.indexOf('%');
        return zone < 0 ? text : text.substring(0, zone);
    }

    private static String clip(String value) {
        return value.length() > 100 ? value.substring(0, 100) + "…" : value;
    }
}
