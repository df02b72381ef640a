package org.sra.local.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sra.local.services.ServiceSpec;
import org.sra.local.services.ServiceWiring;

class KeyMaterialTests {

    /** service-kit's test master key; the kit's tests pin the same derived key. */
    private static final String KIT_TEST_MASTER_KEY = "0ydfrn7F7GB8SkNqdDCcNFxTaCjfkDpkfOpPuVHKBmg=";
    private static final String KIT_TEST_NAS_SECRET_KEY = "105NQ20Ljrcxbg476ROnLVBhqhkxvzUlf3HLkuQ0BZg=";

    @TempDir
    Path data;

    @Test
    void theFirstStartMakesPemKeysAndAMasterKeyReadableByTheOwnerOnly() throws Exception {
        KeyMaterial keys = KeyMaterial.loadOrCreate(data.resolve("keys"));

        assertThat(Files.readString(keys.privateKeyFile())).startsWith("-----BEGIN PRIVATE KEY-----\n")
                .endsWith("-----END PRIVATE KEY-----\n");
        assertThat(Files.readString(keys.publicKeyFile())).startsWith("-----BEGIN PUBLIC KEY-----\n");
        assertThat(keys.publicKey().getModulus().bitLength()).isEqualTo(2048);
        assertThat(keys.masterKeys()).containsOnlyKeys(1);
        assertThat(keys.masterKeys().get(1)).hasSize(32)
                .isEqualTo(Base64.getDecoder().decode(Files.readString(data.resolve("keys/secrets-master-1.key")).trim()));
        assertThat(keys.previousSecretsKeyIfAny()).isEmpty();
        assertThat(data.resolve("keys").resolve(KeyMaterial.SECRETS_KEY_FILE)).doesNotExist();
        for (String file : new String[] {"jwt-private.pem", "jwt-public.pem", "secrets-master-1.key"}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("keys").resolve(file))))
                    .isEqualTo("rw-------");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("keys")))).isEqualTo("rwx------");
    }

    @Test
    void laterStartsReuseTheSameKeys() throws Exception {
        KeyMaterial first = KeyMaterial.loadOrCreate(data.resolve("keys"));
        KeyMaterial second = KeyMaterial.loadOrCreate(data.resolve("keys"));

        assertThat(second.privateKey()).isEqualTo(first.privateKey());
        assertThat(second.publicKey()).isEqualTo(first.publicKey());
        assertThat(second.masterKeys()).containsOnlyKeys(1);
        assertThat(second.masterKeys().get(1)).isEqualTo(first.masterKeys().get(1));
        assertThat(second.secretsKeys(Set.of("nas-secret"))).isEqualTo(first.secretsKeys(Set.of("nas-secret")));
    }

    @Test
    void aContextKeyIsHkdfSha256OfTheMasterKeyWithTheContextNameAsInfo() {
        // RFC 5869 A.3 (no salt, no info): the first 32 bytes of its OKM
        byte[] ikm = HexFormat.of().parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        assertThat(HexFormat.of().formatHex(KeyMaterial.contextKey(ikm, "")))
                .isEqualTo("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d");
        // the same key service-kit derives (its SecretSealerTests pin this pair too)
        assertThat(Base64.getEncoder().encodeToString(
                KeyMaterial.contextKey(Base64.getDecoder().decode(KIT_TEST_MASTER_KEY), "nas-secret")))
                .isEqualTo(KIT_TEST_NAS_SECRET_KEY);
    }

    @Test
    void eachContextGetsOneKeyPerMasterKeyAndANewMasterKeyFileRotates() throws Exception {
        Path dir = data.resolve("keys");
        KeyMaterial.loadOrCreate(dir);
        byte[] master1 = KeyMaterial.loadOrCreate(dir).masterKeys().get(1);
        Files.writeString(dir.resolve("secrets-master-2.key"), Base64.getEncoder().encodeToString(new byte[32]) + "\n");

        KeyMaterial rotated = KeyMaterial.loadOrCreate(dir);

        assertThat(rotated.masterKeys()).containsOnlyKeys(1, 2);
        String encodedMaster1 = Base64.getEncoder().encodeToString(master1);
        assertThat(rotated.secretsKeys(List.of("profile-url", "nas-secret"))).isEqualTo(String.join(",",
                "nas-secret.1=" + key(master1, "nas-secret"), "nas-secret.2=" + key(new byte[32], "nas-secret"),
                "profile-url.1=" + key(master1, "profile-url"), "profile-url.2=" + key(new byte[32], "profile-url")))
                .doesNotContain(encodedMaster1);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("secrets-master-2.key"))))
                .isEqualTo("rw-------");
        assertThat(rotated.toString()).contains("[1, 2]").doesNotContain(encodedMaster1);
    }

    @Test
    void aDataDirectoryFromBeforeKeepsItsSingleKeyForWhatItSealed() throws Exception {
        Path dir = data.resolve("keys");
        Files.createDirectories(dir);
        String previous = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(
                "5ac38beb4f32c84cb78a0de895a72e60eb39eb4c965dbc4ccc446cd749e02ecc"));
        Files.writeString(dir.resolve(KeyMaterial.SECRETS_KEY_FILE), previous + "\n");

        KeyMaterial keys = KeyMaterial.loadOrCreate(dir);

        assertThat(keys.previousSecretsKeyIfAny()).contains(previous);
        assertThat(Files.readString(dir.resolve(KeyMaterial.SECRETS_KEY_FILE)).trim()).isEqualTo(previous);
        assertThat(keys.masterKeys()).containsOnlyKeys(1);
        assertThat(keys.masterKeys().get(1)).isNotEqualTo(Base64.getDecoder().decode(previous));
        assertThat(keys.toString()).doesNotContain(previous);
    }

    @Test
    void aDamagedMasterKeyFileStopsTheStartNamingTheFile() throws Exception {
        Path dir = data.resolve("keys");
        KeyMaterial.loadOrCreate(dir);
        Files.writeString(dir.resolve("secrets-master-2.key"), "not base64!\n");

        assertThatThrownBy(() -> KeyMaterial.loadOrCreate(dir)).hasMessageContaining("secrets-master-2.key");
    }

    @Test
    void eachServiceGetsTheKeysOfItsOwnContextsOnlyAndNeverAMasterKey() throws Exception {
        Path dir = data.resolve("keys");
        Files.createDirectories(dir);
        String previous = Base64.getEncoder().encodeToString(new byte[32]);
        Files.writeString(dir.resolve(KeyMaterial.SECRETS_KEY_FILE), previous + "\n");
        KeyMaterial keys = KeyMaterial.loadOrCreate(dir);
        ServiceWiring wiring = new ServiceWiring(0, "127.0.0.1:9092", 27017, 2525, "ldap://127.0.0.1:10389", keys);
        String master = Base64.getEncoder().encodeToString(keys.masterKeys().get(1));
        Map<String, String> expectedContexts = Map.of(
                "directory", "ad-admin entra-secret local-password nas-secret",
                "auth", "local-password nas-secret",
                "profile", "profile-url",
                "notification", "profile-url");

        for (ServiceSpec service : ServiceSpec.ALL) {
            Map<String, String> env = wiring.environment(service);
            assertThat(env.values()).as(service.shortName()).noneMatch(value -> value.contains(master));
            String contexts = expectedContexts.get(service.shortName());
            if (contexts == null) {
                assertThat(env).as(service.shortName()).doesNotContainKeys("SRA_SECRETS_KEYS", "SRA_SECRETS_KEY");
                continue;
            }
            assertThat(env.get("SRA_SECRETS_KEYS")).as(service.shortName())
                    .isEqualTo(keys.secretsKeys(List.of(contexts.split(" "))));
            assertThat(List.of(env.get("SRA_SECRETS_KEYS").split(",")).stream()
                    .map(entry -> entry.substring(0, entry.indexOf('.'))).distinct().toList())
                    .as(service.shortName()).containsExactly(contexts.split(" "));
            if (service.shortName().equals("profile")) {
                assertThat(env).doesNotContainKey("SRA_SECRETS_KEY"); // it only seals
            } else {
                assertThat(env).as(service.shortName()).containsEntry("SRA_SECRETS_KEY", previous);
            }
        }
    }

    @Test
    void theOperatorsFirstPasswordIsRandomPerDataDirectoryOwnerOnlyAndStable() throws Exception {
        KeyMaterial first = KeyMaterial.loadOrCreate(data.resolve("a"));
        KeyMaterial other = KeyMaterial.loadOrCreate(data.resolve("b"));

        String password = first.operatorInitialPassword();
        assertThat(password).hasSize(23).matches(".*[A-Z].*").matches(".*[a-z].*").matches(".*[0-9].*");
        assertThat(other.operatorInitialPassword()).isNotEqualTo(password);
        assertThat(KeyMaterial.loadOrCreate(data.resolve("a")).operatorInitialPassword()).isEqualTo(password);
        Path file = data.resolve("a").resolve(KeyMaterial.OPERATOR_PASSWORD_FILE);
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
    }

    private static String key(byte[] master, String context) {
        return Base64.getEncoder().encodeToString(KeyMaterial.contextKey(master, context));
    }
}
