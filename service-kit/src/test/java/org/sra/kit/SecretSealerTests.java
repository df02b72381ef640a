package org.sra.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.sra.kit.secrets.Hkdf;
import org.sra.kit.secrets.SecretKeyring;
import org.sra.kit.secrets.SecretSealer;
import org.sra.kit.secrets.SecretSealer.SealedValueException;
import org.sra.kit.test.SraIntegrationTest;

/**
 * Secrets are never kept or sent in clear; a sealed value opens only with its context's key and
 * its context; keys rotate without losing what the old ones sealed; values sealed before the keys
 * were separated still open.
 */
class SecretSealerTests {

    /** The previous single key of the tests ({@link SraIntegrationTest#TEST_SECRETS_KEY_PROPERTY}). */
    private static final String PREVIOUS_KEY = "WsOL608yiEy3ig3jpWcuYOs650yWXbxMzMRs10ngLsw=";
    /** Sealed with that key by the sealer as it was before the keys were separated. */
    private static final String PREVIOUS_NAS_SECRET = "v1:QMCpfLdaYbHuKaHMvmJ3NimDEC3SkxOg5l6f3tW5SggUIzQ4/GPlViY=";
    private static final String PREVIOUS_PASSWORD_HASH =
            "v1:NYhtqgJ5CgrIlYlemMJhAYQAXD9xgM3if62JFyDoRz3w4m7V2Nz9W22t07jVNMmPhkmWrZD6Yeff";

    private static byte[] key() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    private static SecretSealer sealer(Map<Integer, byte[]> masterKeys, String... contexts) {
        return new SecretSealer(SecretKeyring.derive(masterKeys, Set.of(contexts)), null);
    }

    // --- one key per context, derived from the master key ----------------------------------------

    @Test
    void sealsWithTheContextsKeyAndOpensWithTheSameContextOnly() {
        SecretSealer sealer = sealer(Map.of(1, key()), "nas-secret", "local-password");

        String sealed = sealer.seal("radius-s3cret", "nas-secret:tenant-a");

        assertThat(sealed).startsWith("v2:1:").doesNotContain("radius-s3cret");
        assertThat(sealer.seal("radius-s3cret", "nas-secret:tenant-a")).isNotEqualTo(sealed);
        assertThat(sealer.open(sealed, "nas-secret:tenant-a")).isEqualTo("radius-s3cret");
        assertThatThrownBy(() -> sealer.open(sealed, "nas-secret:tenant-b")).isInstanceOf(SealedValueException.class);
        assertThatThrownBy(() -> sealer.open(sealed, "local-password:tenant-a")).isInstanceOf(SealedValueException.class);
    }

    @Test
    void aValueSealedForOneContextDoesNotOpenWithAnotherContextsKey() {
        byte[] master = key();
        String sealed = sealer(Map.of(1, master), "nas-secret").seal("radius-s3cret", "nas-secret:tenant-a");

        // same associated data, but the key of local-password in the place of nas-secret's: no
        assertThatThrownBy(() -> withKeyAs("nas-secret", Hkdf.contextKey(master, "local-password"))
                .open(sealed, "nas-secret:tenant-a")).isInstanceOf(SealedValueException.class);
        assertThatThrownBy(() -> withKeyAs("nas-secret", master).open(sealed, "nas-secret:tenant-a"))
                .isInstanceOf(SealedValueException.class);
        assertThat(withKeyAs("nas-secret", Hkdf.contextKey(master, "nas-secret")).open(sealed, "nas-secret:tenant-a"))
                .isEqualTo("radius-s3cret");
    }

    private static SecretSealer withKeyAs(String contextName, byte[] key) {
        return new SecretSealer(SecretKeyring.parse(contextName + ".1=" + Base64.getEncoder().encodeToString(key)), null);
    }

    @Test
    void aServiceWithoutTheKeyOfAContextNeitherSealsNorOpensIt() {
        byte[] master = key();
        SecretSealer directory = sealer(Map.of(1, master), "nas-secret", "ad-admin", "entra-secret", "local-password");
        SecretSealer notification = sealer(Map.of(1, master), "profile-url");
        String entraSecret = directory.seal("client-secret", "entra-secret:tenant-a");

        assertThatThrownBy(() -> notification.open(entraSecret, "entra-secret:tenant-a"))
                .isInstanceOf(SealedValueException.class).hasMessageContaining("no key entra-secret.1");
        assertThatThrownBy(() -> notification.seal("x", "nas-secret:tenant-a"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("nas-secret");
        assertThat(sealer(Map.of(1, master), "entra-secret").open(entraSecret, "entra-secret:tenant-a"))
                .isEqualTo("client-secret");
    }

    // --- rotation ---------------------------------------------------------------------------------

    @Test
    void afterAddingKey2OldValuesStillOpenAndNewValuesAreSealedWithKey2() {
        byte[] master1 = key();
        byte[] master2 = key();
        String old = sealer(Map.of(1, master1), "nas-secret").seal("old-secret", "nas-secret:tenant-a");

        SecretSealer rotated = sealer(Map.of(1, master1, 2, master2), "nas-secret");
        String renewed = rotated.seal("new-secret", "nas-secret:tenant-a");

        assertThat(rotated.open(old, "nas-secret:tenant-a")).isEqualTo("old-secret");
        assertThat(renewed).startsWith("v2:2:");
        assertThat(SecretSealer.keyId(renewed)).contains(2);
        assertThat(SecretSealer.keyId(old)).contains(1);
        assertThat(rotated.open(renewed, "nas-secret:tenant-a")).isEqualTo("new-secret");
        // key 2 really sealed it: without key 2 it does not open, with key 2 alone it does
        assertThatThrownBy(() -> sealer(Map.of(1, master1), "nas-secret").open(renewed, "nas-secret:tenant-a"))
                .isInstanceOf(SealedValueException.class);
        assertThat(sealer(Map.of(2, master2), "nas-secret").open(renewed, "nas-secret:tenant-a")).isEqualTo("new-secret");
        // and once key 1 is retired, what it sealed no longer opens
        assertThatThrownBy(() -> sealer(Map.of(2, master2), "nas-secret").open(old, "nas-secret:tenant-a"))
                .isInstanceOf(SealedValueException.class).hasMessageContaining("no key nas-secret.1");
    }

    @Test
    void theKeyIdCannotBeSwappedForAnother() {
        SecretSealer rotated = sealer(Map.of(1, key(), 2, key()), "nas-secret");
        String sealed = rotated.seal("secret", "nas-secret:tenant-a");

        assertThatThrownBy(() -> rotated.open(sealed.replace("v2:2:", "v2:1:"), "nas-secret:tenant-a"))
                .isInstanceOf(SealedValueException.class);
        assertThatThrownBy(() -> rotated.open(sealed.replace("v2:2:", "v2:x:"), "nas-secret:tenant-a"))
                .isInstanceOf(SealedValueException.class);
    }

    @Test
    void keysInTheSettingsTextAreTheKeysDerivedFromTheMasterKey() {
        byte[] master1 = key();
        byte[] master2 = key();
        SecretKeyring derived = SecretKeyring.derive(Map.of(1, master1, 2, master2), Set.of("profile-url", "nas-secret"));
        SecretKeyring parsed = SecretKeyring.parse(derived.format());

        assertThat(parsed.contexts()).containsExactly("nas-secret", "profile-url");
        assertThat(parsed.ids("nas-secret")).containsExactly(1, 2);
        assertThat(parsed.describe()).isEqualTo("nas-secret [1, 2], profile-url [1, 2]");
        String sealed = new SecretSealer(parsed, null).seal("url", "profile-url:t");
        assertThat(sealer(Map.of(2, master2), "profile-url").open(sealed, "profile-url:t")).isEqualTo("url");
    }

    @Test
    void theTestKeysAreDerivedFromTheTestMasterKey() {
        SecretKeyring derived = SecretKeyring.derive(
                Map.of(1, Base64.getDecoder().decode(SraIntegrationTest.TEST_MASTER_KEY)),
                Set.of("nas-secret", "profile-url", "local-password", "ad-admin", "entra-secret"));

        assertThat("sra.secrets.keys=" + derived.format()).isEqualTo(SraIntegrationTest.TEST_SECRETS_KEYS_PROPERTY);
    }

    @Test
    void badKeySettingsAreRefusedWithoutShowingTheKey() {
        String key = Base64.getEncoder().encodeToString(key());
        assertThatThrownBy(() -> SecretKeyring.parse("nas-secret=" + key)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining(key);
        assertThatThrownBy(() -> SecretKeyring.parse("nas-secret.0=" + key)).hasMessageContaining("nas-secret.0")
                .hasMessageNotContaining(key);
        assertThatThrownBy(() -> SecretKeyring.parse("nas-secret.1=" + key.substring(4))).hasMessageContaining("32 bytes")
                .hasMessageNotContaining(key.substring(4));
        assertThatThrownBy(() -> SecretKeyring.parse("nas-secret.1=" + key + " nas-secret.1=" + key))
                .hasMessageContaining("twice").hasMessageNotContaining(key);
        assertThatThrownBy(() -> SecretKeyring.parse("NAS secret.1=" + key)).hasMessageNotContaining(key);
        assertThat(SecretKeyring.parse(" nas-secret.1=" + key + ";\n local-password.3=" + key + " ").describe())
                .isEqualTo("local-password [3], nas-secret [1]");
        assertThat(SecretKeyring.parse("nas-secret.1=" + key).toString()).doesNotContain(key);
    }

    // --- values sealed before the keys were separated ------------------------------------------------

    @Test
    void valuesSealedWithThePreviousSingleKeyStillOpenWhereThatKeyIsGiven() {
        SecretSealer upgraded = SecretSealer.fromSettings(
                SraIntegrationTest.TEST_SECRETS_KEYS_PROPERTY.substring("sra.secrets.keys=".length()), PREVIOUS_KEY);

        assertThat(upgraded.open(PREVIOUS_NAS_SECRET, "nas-secret:tenant-a")).isEqualTo("radius-s3cret");
        assertThat(upgraded.open(PREVIOUS_PASSWORD_HASH, "local-password:tenant-a"))
                .isEqualTo("$2a$12$abcdefghijklmnopqrstuu");
        assertThatThrownBy(() -> upgraded.open(PREVIOUS_NAS_SECRET, "nas-secret:tenant-b"))
                .isInstanceOf(SealedValueException.class);
        // new values are sealed with the context's own key, never with the previous one
        String renewed = upgraded.seal("radius-s3cret", "nas-secret:tenant-a");
        assertThat(renewed).startsWith("v2:1:");
        assertThatThrownBy(() -> new SecretSealer(Base64.getDecoder().decode(PREVIOUS_KEY)).open(renewed, "nas-secret:tenant-a"))
                .isInstanceOf(SealedValueException.class);
    }

    @Test
    void thePreviousSingleKeyOpensOnlyTheContextsTheServiceHoldsKeysFor() {
        SecretSealer notification = new SecretSealer(SecretKeyring.derive(Map.of(1, key()), Set.of("profile-url")),
                Base64.getDecoder().decode(PREVIOUS_KEY));
        SecretSealer withoutPreviousKey = sealer(Map.of(1, key()), "nas-secret");

        assertThatThrownBy(() -> notification.open(PREVIOUS_NAS_SECRET, "nas-secret:tenant-a"))
                .isInstanceOf(SealedValueException.class).hasMessageContaining("previous single key");
        assertThatThrownBy(() -> withoutPreviousKey.open(PREVIOUS_NAS_SECRET, "nas-secret:tenant-a"))
                .isInstanceOf(SealedValueException.class).hasMessageContaining("previous single key");
    }

    @Test
    void aSealerWithThePreviousSingleKeyOnlyWorksAsBefore() {
        SecretSealer previous = SecretSealer.fromBase64(PREVIOUS_KEY);

        assertThat(previous.open(PREVIOUS_NAS_SECRET, "nas-secret:tenant-a")).isEqualTo("radius-s3cret");
        String sealed = previous.seal("radius-s3cret", "nas:tenant-a");
        assertThat(sealed).startsWith("v1:").doesNotContain("radius-s3cret");
        assertThat(previous.open(sealed, "nas:tenant-a")).isEqualTo("radius-s3cret");
        assertThatThrownBy(() -> previous.open(sealed, "nas:tenant-b")).isInstanceOf(SealedValueException.class);
        assertThatThrownBy(() -> new SecretSealer(key()).open(sealed, "nas:tenant-a")).isInstanceOf(SealedValueException.class);
    }

    // --- damaged input ---------------------------------------------------------------------------------

    @Test
    void alteredOrForeignValuesDoNotOpen() {
        SecretSealer sealer = sealer(Map.of(1, key()), "nas-secret");
        String sealed = sealer.seal("radius-s3cret", "nas-secret:tenant-a");
        byte[] bytes = Base64.getDecoder().decode(sealed.substring("v2:1:".length()));
        bytes[bytes.length - 1] ^= 1;
        String tampered = "v2:1:" + Base64.getEncoder().encodeToString(bytes);

        assertThatThrownBy(() -> sealer.open(tampered, "nas-secret:tenant-a")).isInstanceOf(SealedValueException.class);
        assertThatThrownBy(() -> sealer.open("plain", "nas-secret:tenant-a")).isInstanceOf(SealedValueException.class);
        assertThatThrownBy(() -> sealer.open("v2:1:", "nas-secret:tenant-a")).isInstanceOf(SealedValueException.class);
        assertThatThrownBy(() -> sealer.open("v2:1", "nas-secret:tenant-a")).isInstanceOf(SealedValueException.class);
        assertThatThrownBy(() -> sealer.open(null, "nas-secret:tenant-a")).isInstanceOf(SealedValueException.class);
    }

    @Test
    void rejectsKeysOfTheWrongLengthAndMissingKeys() {
        assertThatThrownBy(() -> new SecretSealer(new byte[16])).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> SecretSealer.fromBase64("")).hasMessageContaining("SRA_SECRETS_KEYS");
        assertThatThrownBy(() -> SecretSealer.fromSettings(" ", null)).hasMessageContaining("SRA_SECRETS_KEYS");
    }
}
