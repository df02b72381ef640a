package org.sra.kit.secrets;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets (RADIUS shared secrets, directory passwords, download URLs in events) with
 * AES-256-GCM. The seal context (e.g. {@code "nas-secret:" + tenantId}) is bound as associated
 * data, so a sealed value copied into another tenant's or field's record does not open.
 *
 * <p>Each context name (the part before the first {@code :}, e.g. {@code nas-secret}) has its own
 * keys ({@link SecretKeyring}, derived from a master key with HKDF); the newest key of the context
 * seals, every configured key opens. Output: {@code v2:<key id>:} + base64(12-byte nonce ‖
 * ciphertext ‖ tag).
 *
 * <p>Values sealed before the keys were separated ({@code v1:} + base64(nonce ‖ ciphertext ‖ tag),
 * one key for everything) still open with the previous single key ({@code sra.secrets.key}), given
 * to the services that open such values until they are sealed anew. A sealer with only that key
 * (a deployment not yet moved to separated keys) keeps sealing {@code v1}, which every service
 * of that deployment can still open.
 */
public final class SecretSealer {

    private static final String V1 = "v1:";
    private static final String V2 = "v2:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeyring keyring;
    private final SecretKey legacyKey;
    private final SecureRandom random = new SecureRandom();

    /** A sealer with the previous single key only: seals and opens {@code v1} values. */
    public SecretSealer(byte[] key) {
        this(SecretKeyring.empty(), key);
    }

    /**
     * @param keyring   the per-context keys this service holds
     * @param legacyKey the previous single key, to open {@code v1} values of the keyring's contexts;
     *                  {@code null} when there are none
     */
    public SecretSealer(SecretKeyring keyring, byte[] legacyKey) {
        if (legacyKey != null && legacyKey.length != 32) {
            throw new IllegalArgumentException("sra.secrets.key must be 32 bytes (base64 of 32 random bytes)");
        }
        if (keyring.isEmpty() && legacyKey == null) {
            throw new IllegalArgumentException("a sealer needs sra.secrets.keys or sra.secrets.key");
        }
        this.keyring = keyring;
        this.legacyKey = legacyKey == null ? null : new SecretKeySpec(legacyKey.clone(), "AES");
    }

    /** From the base64 text of the previous single key {@code sra.secrets.key}. */
    public static SecretSealer fromBase64(String base64Key) {
        return fromSettings(null, base64Key);
    }

    /**
     * From the service's settings.
     *
     * @param keys      {@code sra.secrets.keys}: this service's per-context keys (see {@link SecretKeyring})
     * @param legacyKey {@code sra.secrets.key}: the previous single key, or blank
     */
    public static SecretSealer fromSettings(String keys, String legacyKey) {
        boolean noKeys = keys == null || keys.isBlank();
        boolean noLegacy = legacyKey == null || legacyKey.isBlank();
        if (noKeys && noLegacy) {
            throw new IllegalStateException("sra.secrets.keys is not set (SRA_SECRETS_KEYS): give the service "
                    + "the keys of its seal contexts, derived from the master key (see service-kit's README); "
                    + "generate a master key with `openssl rand -base64 32`");
        }
        byte[] legacy;
        try {
            legacy = noLegacy ? null : Base64.getDecoder().decode(legacyKey.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sra.secrets.key is not base64");
        }
        return new SecretSealer(noKeys ? SecretKeyring.empty() : SecretKeyring.parse(keys), legacy);
    }

    /** The per-context keys held (empty for a sealer with the previous single key only). */
    public SecretKeyring keyring() {
        return keyring;
    }

    /** Whether values sealed with the previous single key open here. */
    public boolean opensPreviousValues() {
        return legacyKey != null;
    }

    /**
     * Seals with the newest key of the context's name.
     *
     * @throws IllegalStateException when this service holds no key for the context
     */
    public String seal(String plaintext, String context) {
        String name = contextName(context);
        Optional<Integer> newest = keyring.newestId(name);
        if (newest.isPresent()) {
            byte[] key = keyring.key(name, newest.get()).orElseThrow();
            return V2 + newest.get() + ":" + encrypt(new SecretKeySpec(key, "AES"), plaintext, context);
        }
        if (keyring.isEmpty()) {
            return V1 + encrypt(legacyKey, plaintext, context);
        }
        throw new IllegalStateException("no key for seal context " + name
                + ": add it to sra.secrets.keys (this service holds " + keyring.contexts() + ")");
    }

    /**
     * @throws SealedValueException when the value was not sealed with a key and context held
     *                              here, or was altered
     */
    public String open(String sealed, String context) {
        String name = contextName(context);
        if (sealed != null && sealed.startsWith(V2)) {
            int colon = sealed.indexOf(':', V2.length());
            int id;
            try {
                id = colon < 0 ? -1 : Integer.parseInt(sealed.substring(V2.length(), colon));
            } catch (NumberFormatException e) {
                id = -1;
            }
            if (id < 1) {
                throw new SealedValueException("not a sealed value");
            }
            byte[] key = keyring.key(name, id).orElseThrow(() -> new SealedValueException(
                    "sealed value does not open here: no key " + name + "." + idText(sealed)));
            return decrypt(new SecretKeySpec(key, "AES"), sealed.substring(colon + 1), context);
        }
        if (sealed != null && sealed.startsWith(V1)) {
            if (legacyKey == null || !(keyring.isEmpty() || keyring.contexts().contains(name))) {
                throw new SealedValueException("sealed value does not open here: it was sealed with the previous "
                        + "single key (sra.secrets.key), which this service does not hold for " + name);
            }
            return decrypt(legacyKey, sealed.substring(V1.length()), context);
        }
        throw new SealedValueException("not a sealed value");
    }

    /** The key id a sealed value names, e.g. to count values still sealed with an old key. */
    public static Optional<Integer> keyId(String sealed) {
        if (sealed == null || !sealed.startsWith(V2)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(idText(sealed)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The part of a seal context that selects its keys: {@code nas-secret} of {@code nas-secret:t-1}. */
    public static String contextName(String context) {
        int colon = context.indexOf(':');
        return colon < 0 ? context : context.substring(0, colon);
    }

    private static String idText(String sealed) {
        int colon = sealed.indexOf(':', V2.length());
        String id = colon < 0 ? "" : sealed.substring(V2.length(), colon);
        return id.length() > 10 ? "?" : id;
    }

    private String encrypt(SecretKey key, String plaintext, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot seal", e);
        }
    }

    private static String decrypt(SecretKey key, String base64, String context) {
        try {
            byte[] bytes = Base64.getDecoder().decode(base64);
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
