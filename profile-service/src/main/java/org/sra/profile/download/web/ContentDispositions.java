package org.sra.profile.download.web;

import java.nio.charset.StandardCharsets;

/**
 * {@code Content-Disposition} for a file name that may hold characters a header or a file system
 * does not take as they are ({@code :} in every profile id): an ASCII fallback with them replaced
 * by {@code _}, and the exact name percent-encoded in {@code filename*} (RFC 6266, RFC 8187).
 */
final class ContentDispositions {

    private ContentDispositions() {
    }

    static String attachment(String fileName) {
        return "attachment; filename=\"" + asciiFallback(fileName) + "\"; filename*=UTF-8''" + encode(fileName);
    }

    static String asciiFallback(String fileName) {
        StringBuilder safe = new StringBuilder(fileName.length());
        for (char c : fileName.toCharArray()) {
            safe.append(Character.isLetterOrDigit(c) && c < 128 || c == '.' || c == '-' || c == '_' ? c : '_');
        }
        return safe.toString();
    }

    /** RFC 8187 {@code attr-char} stays, everything else is {@code %XX} of its UTF-8 bytes. */
    static String encode(String fileName) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : fileName.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < 128 && (Character.isLetterOrDigit(c) || "!#$&+-.^_`|~".indexOf(c) >= 0)) {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(String.format("%02X", c));
            }
        }
        return encoded.toString();
    }
}
