package org.sra.kit.web;

import java.net.URI;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

/** Problem type URIs and the admin's language. */
public final class Problems {

    /** Japanese unless the caller asks for English (the product's default language is Japanese). */
    public static final Locale DEFAULT_LOCALE = Locale.JAPANESE;

    private Problems() {
    }

    /** Stable type URI of a problem, e.g. {@code urn:sra:problem:device-name-taken}. */
    public static URI type(String slug) {
        return URI.create("urn:sra:problem:" + slug);
    }

    public static Locale locale(HttpServletRequest request) {
        String header = request.getHeader("Accept-Language");
        if (header == null || header.isBlank()) {
            return DEFAULT_LOCALE;
        }
        try {
            for (Locale.LanguageRange range : Locale.LanguageRange.parse(header)) {
                if (range.getRange().startsWith("en")) {
                    return Locale.ENGLISH;
                }
                if (range.getRange().startsWith("ja")) {
                    return Locale.JAPANESE;
                }
            }
        } catch (IllegalArgumentException malformed) {
            return DEFAULT_LOCALE;
        }
        return DEFAULT_LOCALE;
    }
}
