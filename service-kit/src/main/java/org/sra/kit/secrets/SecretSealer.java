package org.sra.kit.secrets;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets (RADIUS shared secrets, directory passwords, download URLs in events) with
 * AES-256-GCM. The context (e.g. {@code "nas:" + tenantId}) is bound as associated data, so a
 * sealed value copied into another tenant's or field's record does not open. Output:
 * {@code v1:} + base64(12-byte nonce ‖ ciphertext ‖ tag).
 */
public final class SecretSealer {

    private static final String PREFIX = "v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    public SecretSealer(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("sra.secrets.key must be 32 bytes (base64 of 32 random bytes)");
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
    }

    /** From the base64 text of {@code sra.secrets.key}. */
    public static SecretSealer fromBase64(String base64Key) {
        if (base64Key == null || base64Key.isBlank()) {
            throw new IllegalStateException("sra.secrets.key is not set (SRA_SECRETS_KEY): "
                    + "generate one with `openssl rand -base64 32`");
        }
        return new SecretSealer(Base64.getDecoder().decode(base64Key.strip()));
    }

    public String seal(String plaintext, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot seal", e);
        }
    }

    /**
     * @throws SealedValueException when the value was not sealed with this key and context, or
     *                              was altered
     */
    public String open(String sealed, String context) {
        if (sealed == null || !sealed.startsWith(PREFIX)) {
            throw new SealedValueException("not a sealed value");
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
            if (bytes.length <= NONCE_BYTES) {
                throw new SealedValueException("sealed value too short");
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new SealedValueException("sealed value does not open with this key and context");
        }
    }

    /** A sealed value that cannot be opened. The message never contains the value. */
    public static final class SealedValueException extends RuntimeException {
        public SealedValueException(String message) {
            super(message);
        }
    }
}
