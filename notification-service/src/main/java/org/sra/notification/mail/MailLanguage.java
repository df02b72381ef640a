package org.sra.notification.mail;

import java.util.Locale;

/** The languages mails are written in; Japanese unless English is asked for (R-NOT-1). */
public enum MailLanguage {
    JA, EN;

    /** {@code en}, {@code en-US}, {@code EN} → English; anything else, including nothing → Japanese. */
    public static MailLanguage of(String code) {
        if (code != null && code.strip().toLowerCase(Locale.ROOT).startsWith("en")) {
            return EN;
        }
        return JA;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
