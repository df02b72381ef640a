package org.sra.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;

import org.junit.jupiter.api.Test;
import org.sra.kit.secrets.SecretSealer;

/** Secrets are never kept or sent in clear; a sealed value opens only with its key and context. */
class SecretSealerTests {

    private static byte[] key() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    private final SecretSealer sealer = new SecretSealer(key());

    @Test
    void roundTripsAndNeverShowsTheClearText() {
        String sealed = sealer.seal("radius-s3cret", "nas:tenant-a");
        assertThat(sealed).startsWith("v1:").doesNotContain("radius-s3cret");
        assertThat(sealer.seal("radius-s3cret", "nas:tenant-a")).isNotEqualTo(sealed);
        assertThat(sealer.open(sealed, "nas:tenant-a")).isEqualTo("radius-s3cret");
    }

    @Test
    void anotherContextAnotherKeyOrATamperedValueDoNotOpen() {
        String sealed = sealer.seal("radius-s3cret", "nas:tenant-a");
        assertThatThrownBy(() -> sealer.open(sealed, "nas:tenant-b")).isInstanceOf(SecretSealer.SealedValueException.class);
        assertThatThrownBy(() -> new SecretSealer(key()).open(sealed, "nas:tenant-a"))
                .isInstanceOf(SecretSealer.SealedValueException.class);
        byte[] bytes = java.util.Base64.getDecoder().decode(sealed.substring(3));
        bytes[bytes.length / 2] ^= 0x01;
        String tampered = "v1:" + java.util.Base64.getEncoder().encodeToString(bytes);
        assertThatThrownBy(() -> sealer.open(tampered, "nas:tenant-a")).isInstanceOf(SecretSealer.SealedValueException.class);
        assertThatThrownBy(() -> sealer.open("plain", "nas:tenant-a")).isInstanceOf(SecretSealer.SealedValueException.class);
    }

    @Test
    void aKeyMustBe32Bytes() {
        assertThatThrownBy(() -> new SecretSealer(new byte[16])).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> SecretSealer.fromBase64("")).hasMessageContaining("SRA_SECRETS_KEY");
    }
}
