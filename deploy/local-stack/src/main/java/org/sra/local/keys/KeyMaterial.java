package org.sra.local.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Set;

/**
 * The stack's secrets, made on the first start in {@code <data>/keys/} and reused afterwards:
 * the RSA key pair that signs and verifies JWTs ({@code jwt-private.pem}, PKCS#8;
 * {@code jwt-public.pem}, X.509) and {@code secrets.key}, the base64 AES-256 key the services
 * seal secrets at rest with. Files are readable by the owner only.
 */
public record KeyMaterial(Path dir, RSAPrivateKey privateKey, RSAPublicKey publicKey, String secretsKey) {

    public static final String PRIVATE_KEY_FILE = "jwt-private.pem";
    public static final String PUBLIC_KEY_FILE = "jwt-public.pem";
    public static final String SECRETS_KEY_FILE = "secrets.key";
    /** The operator account's first password: random per data directory, readable by its owner only. */
    public static final String OPERATOR_PASSWORD_FILE = "operator-initial-password";

    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");

    /** Loads the keys in {@code dir}, creating whichever are missing. */
    public static KeyMaterial loadOrCreate(Path dir) throws IOException {
        Files.createDirectories(dir);
        restrict(dir, OWNER_DIR);
        Path privatePem = dir.resolve(PRIVATE_KEY_FILE);
        Path publicPem = dir.resolve(PUBLIC_KEY_FILE);
        Path secrets = dir.resolve(SECRETS_KEY_FILE);
        try {
            if (!Files.exists(privatePem) || !Files.exists(publicPem)) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair pair = generator.generateKeyPair();
                write(publicPem, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
                write(privatePem, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            }
            if (!Files.exists(secrets)) {
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                write(secrets, Base64.getEncoder().encodeToString(key) + "\n");
            }
            Path operatorPassword = dir.resolve(OPERATOR_PASSWORD_FILE);
            if (!Files.exists(operatorPassword)) {
                write(operatorPassword, newOperatorPassword() + "\n");
            }
            for (Path file : new Path[] {privatePem, publicPem, secrets, operatorPassword}) {
                restrict(file, OWNER_FILE); // also when they were copied in from elsewhere
            }
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            RSAPrivateKey privateKey = (RSAPrivateKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(readPem(privatePem)));
            RSAPublicKey publicKey = (RSAPublicKey) rsa.generatePublic(new X509EncodedKeySpec(readPem(publicPem)));
            String secretsKey = Files.readString(secrets).trim();
            if (Base64.getDecoder().decode(secretsKey).length != 32) {
                throw new IOException(secrets + " must hold the base64 of 32 bytes");
            }
            return new KeyMaterial(dir, privateKey, publicKey, secretsKey);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException("unreadable key material in " + dir + " (delete the folder to make new keys): "
                    + e.getMessage(), e);
        }
    }

    /**
     * The operator's first password for this data directory (it must be changed at the first
     * login; the stack prints it at start).
     */
    public String operatorInitialPassword() {
        try {
            return Files.readString(dir.resolve(OPERATOR_PASSWORD_FILE)).trim();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** 20 random letters and digits in four groups, with an upper-case letter, a lower-case one and a digit. */
    static String newOperatorPassword() {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder("Sr4");
        while (password.length() < 23) {
            if (password.length() % 6 == 5) {
                password.append('-');
            } else {
                password.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
        }
        return password.toString();
    }

    public Path privateKeyFile() {
        return dir.resolve(PRIVATE_KEY_FILE).toAbsolutePath();
    }

    public Path publicKeyFile() {
        return dir.resolve(PUBLIC_KEY_FILE).toAbsolutePath();
    }

    static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    static byte[] readPem(Path file) throws IOException {
        String base64 = Files.readString(file).replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(base64);
    }

    /** Writes through a temporary file so that a crash never leaves half a key behind. */
    private static void write(Path file, String content) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temp, content, StandardCharsets.US_ASCII);
        restrict(temp, OWNER_FILE);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void restrict(Path path, Set<PosixFilePermission> permissions) throws IOException {
        if (Files.getFileStore(path).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(path, permissions);
        }
    }
}
