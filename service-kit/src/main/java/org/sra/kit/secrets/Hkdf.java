package org.sra.kit.secrets;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF with HMAC-SHA256 (RFC 5869), over the JDK's {@link Mac}: the project targets Java 21,
 * which lacks the {@code javax.crypto.KDF} API of later JDKs, and no crypto library is on the
 * kit's class path. Checked against the RFC's test vectors (Appendix A.1–A.3).
 */
public final class Hkdf {

    private static final String HMAC = "HmacSHA256";
    private static final int HASH_LEN = 32;

    private Hkdf() {
    }

    /** The 32-byte key of one sealing context: HKDF(salt = none, IKM = master key, info = context name). */
    public static byte[] contextKey(byte[] masterKey, String contextName) {
        return derive(new byte[0], masterKey, contextName.getBytes(StandardCharsets.UTF_8), 32);
    }

    /** Extract then expand: {@code length} bytes of output keying material. */
    public static byte[] derive(byte[] salt, byte[] ikm, byte[] info, int length) {
        return expand(extract(salt, ikm), info, length);
    }

    /** PRK = HMAC-Hash(salt, IKM); an empty salt means HashLen zero bytes (RFC 5869 2.2). */
    public static byte[] extract(byte[] salt, byte[] ikm) {
        return hmac(salt.length == 0 ? new byte[HASH_LEN] : salt).doFinal(ikm);
    }

    /** T(i) = HMAC-Hash(PRK, T(i-1) | info | i); OKM = the first {@code length} bytes of T(1) | T(2) | … (RFC 5869 2.3). */
    public static byte[] expand(byte[] prk, byte[] info, int length) {
        if (length < 1 || length > 255 * HASH_LEN) {
            throw new IllegalArgumentException("HKDF output length must be 1.." + 255 * HASH_LEN);
        }
        Mac mac = hmac(prk);
        byte[] okm = new byte[length];
        byte[] t = new byte[0];
        for (int i = 1, done = 0; done < length; i++) {
            mac.update(t);
            mac.update(info);
            mac.update((byte) i);
            t = mac.doFinal();
            int n = Math.min(t.length, length - done);
            System.arraycopy(t, 0, okm, done, n);
            done += n;
        }
        Arrays.fill(t, (byte) 0);
        return okm;
    }

    private static Mac hmac(byte[] key) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
