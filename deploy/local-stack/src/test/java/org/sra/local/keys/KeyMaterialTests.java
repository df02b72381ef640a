package org.sra.local.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyMaterialTests {

    @TempDir
    Path data;

    @Test
    void theFirstStartMakesPemKeysAndAnAesKeyReadableByTheOwnerOnly() throws Exception {
        KeyMaterial keys = KeyMaterial.loadOrCreate(data.resolve("keys"));

        assertThat(Files.readString(keys.privateKeyFile())).startsWith("-----BEGIN PRIVATE KEY-----\n")
                .endsWith("-----END PRIVATE KEY-----\n");
        assertThat(Files.readString(keys.publicKeyFile())).startsWith("-----BEGIN PUBLIC KEY-----\n");
        assertThat(keys.publicKey().getModulus().bitLength()).isEqualTo(2048);
        assertThat(Base64.getDecoder().decode(keys.secretsKey())).hasSize(32);
        for (String file : new String[] {"jwt-private.pem", "jwt-public.pem", "secrets.key"}) {
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
        assertThat(second.secretsKey()).isEqualTo(first.secretsKey());
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
}
