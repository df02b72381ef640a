package org.sra.directory.account;

import java.security.SecureRandom;

/**
 * One-time initial passwords for new accounts (R-OPS-1, R-ACC-1): 16 random characters with
 * every kind the {@link PasswordRule} counts, from an alphabet without look-alikes (no
 * {@code 0/O}, {@code 1/l/I}) so it can be read out or typed from a printed notice.
 */
public final class InitialPasswords {

    private static final String LOWER = "abcdefghijkmnopqrstuvwxyz";
    private static final String UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private static final String DIGITS = "23456789";
    private static final String SYMBOLS = "-_.!#%+";
    private static final String ALL = LOWER + UPPER + DIGITS + SYMBOLS;
    private static final int LENGTH = 16;

    private final SecureRandom random = new SecureRandom();

    public String next() {
        char[] password = new char[LENGTH];
        password[0] = pick(LOWER);
        password[1] = pick(UPPER);
        password[2] = pick(DIGITS);
        password[3] = pick(SYMBOLS);
        for (int i = 4; i < LENGTH; i++) {
            password[i] = pick(ALL);
        }
        for (int i = LENGTH - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            char swap = password[i];
            password[i] = password[j];
            password[j] = swap;
        }
        return new String(password);
    }

    private char pick(String alphabet) {
        return alphabet.charAt(random.nextInt(alphabet.length()));
    }
}
