package org.sra.kit.secrets;

import java.nio.charset.StandardCharsets;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * HKDF with HMAC-SHA256 (RFC 5869), by Bouncy Castle's {@link HKDFBytesGenerator}: the project
 * targets Java 21, which lacks the {@code javax.crypto.KDF} API of later JDKs. Checked against the
 * RFC's test vectors (Appendix A.1–A.3) in {@code HkdfTests}.
 */
public final class Hkdf {

    private Hkdf() {
    }

    /** The 32-byte key of one sealing context: HKDF(salt = none, IKM = master key, info = context name). */
    public static byte[] contextKey(byte[] masterKey, String contextName) {
        return derive(new byte[0], masterKey, contextName.getBytes(StandardCharsets.UTF_8), 32);
    }

    /** Extract then expand: {@code length} bytes of output keying material; an empty salt means none (RFC 5869 2.2). */
    public static byte[] derive(byte[] salt, byte[] ikm, byte[] info, int length) {
        if (length < 1 || length > 255 * 32) {
            throw new IllegalArgumentException("HKDF output length must be 1.." + 255 * 32);
        }
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(ikm, salt.length == 0 ? null : salt, info));
        byte[] okm = new byte[length];
        hkdf.generateBytes(okm, 0, length);
        return okm;
    }
}
