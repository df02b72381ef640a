package org.sra.notification.mail;

import java.util.Locale;
import java.util.regex.Pattern;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/** Which recipient addresses we send to, and how they appear in logs, events and errors. */
public final class MailAddresses {

    private static final int MAX_LENGTH = 254;
    private static final Pattern ANY_ADDRESS = Pattern.compile("([A-Za-z0-9._%+\\-]+)@([A-Za-z0-9.\\-]+\\.[A-Za-z]{2,})");

    private MailAddresses() {
    }

    /**
     * A bare address ({@code local@domain.tld}): no display name, no spaces, a domain with a dot,
     * and valid by RFC 822 as Jakarta Mail reads it.
     */
    public static boolean isValid(String address) {
        if (address == null || address.isEmpty() || address.length() > MAX_LENGTH
                || !address.equals(address.strip()) || address.chars().anyMatch(Character::isWhitespace)) {
            return false;
        }
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            return false;
        }
        String domain = address.substring(at + 1);
        if (!domain.contains(".") || domain.startsWith(".") || domain.endsWith(".") || domain.contains("..")) {
            return false;
        }
        try {
            InternetAddress parsed = new InternetAddress(address, true);
            parsed.validate();
            return address.equals(parsed.getAddress());
        } catch (AddressException e) {
            return false;
        }
    }

    /** The key two spellings of one address share: trimmed and lower-cased. */
    public static String normalize(String address) {
        return address == null ? "" : address.strip().toLowerCase(Locale.ROOT);
    }

    /** {@code taro@example.com} → {@code t***@example.com}; what events and logs carry. */
    public static String mask(String address) {
        if (address == null || address.isBlank()) {
            return "(none)";
        }
        int at = address.lastIndexOf('@');
        if (at <= 0) {
            return "***";
        }
        return address.charAt(0) + "***" + address.substring(at);
    }

    /** Masks every address inside a free text, e.g. an SMTP reply kept as the last error. */
    public static String maskAllIn(String text) {
        if (text == null) {
            return null;
        }
        return ANY_ADDRESS.matcher(text).replaceAll(match -> match.group(1).charAt(0) + "***@" + match.group(2));
    }
}
