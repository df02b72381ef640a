package org.sra.kit.web;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.module.SimpleModule;

/**
 * Characters no name, subject, serial or setting may carry: control characters (NUL and the
 * rest of C0 except tab, line feed and carriage return, DEL, C1) and the invisible marks that
 * change the direction text is shown in (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069),
 * with which a device named "abc‮txt.exe" shows as something else in the console, a mail or a
 * CSV export. Every string of every JSON request body is checked when it is read
 * ({@link #module()}); one that carries such a character is a 400 problem
 * ({@code forbidden-characters}) and nothing is stored.
 */
public final class PlainText {

    private PlainText() {
    }

    /**
     * A value someone sent, as a message may repeat it: every character not allowed in our texts
     * (control and text-direction characters, line breaks too) shown as {@code ?}, and at most 100
     * characters (a cell may hold tens of thousands) followed by {@code …}. Messages are JSON our own
     * clients read strictly, and a person reads them on one line.
     */
    public static String echo(String value) {
        StringBuilder shown = new StringBuilder(Math.min(value.length(), 101));
        for (int i = 0; i < value.length() && shown.length() < 100; i++) {
            char c = value.charAt(i);
            shown.append(forbidden(c) || c == '\n' || c == '\r' || c == '\t' ? '?' : c);
        }
        return value.length() > 100 ? shown + "…" : shown.toString();
    }

    /** The index of the first character that is not allowed, or -1. */
    public static int firstForbidden(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (forbidden(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    static boolean forbidden(char c) {
        if (c < 0x20) {
            return c != '\t' && c != '\n' && c != '\r';
        }
        return c == 0x7F || (c >= 0x80 && c <= 0x9F) || c == 0x061C || c == 0x200E || c == 0x200F
                || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
    }

    /** Jackson module: request bodies' strings are read by {@link Checked}. */
    public static SimpleModule module() {
        return new SimpleModule("sra-plain-text").addDeserializer(String.class, new Checked());
    }

    /** Refuses a string with a forbidden character while the body is read. */
    static final class Checked extends StringDeserializer {

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) {
            String value = super.deserialize(parser, context);
            if (value != null && firstForbidden(value) >= 0) {
                throw new ForbiddenCharacters(parser, value);
            }
            return value;
        }
    }

    /** A string that carries a forbidden character; the problem handler names it as such. */
    public static final class ForbiddenCharacters extends InvalidFormatException {

        private static final long serialVersionUID = 1L;

        ForbiddenCharacters(JsonParser parser, String value) {
            super(parser, "a control or text-direction character at index " + firstForbidden(value), null,
                    String.class);
        }
    }
}
