package org.sra.local.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;


/**
 * The stack's secrets, made on the first start in {@code <data>/keys/} and reused afterwards:
 * the RSA key pair that signs and verifies JWTs ({@code jwt-private.pem}, PKCS#8;
 * {@code jwt-public.pem}, X.509) and the master keys of sealing, {@code secrets-master-<id>.key}
 * (base64 of 32 random bytes; the first start makes id 1, an operator adds the next to rotate).
 * The services never see a master key: each gets the keys of its own seal contexts, derived with
 * HKDF-SHA256 (RFC 5869, info = the context name), one per master key id
 * ({@link #secretsKeys(Collection)}). {@code secrets.key}, the single key of data directories made
 * before the keys were separated, is kept (never made anew) so that what it sealed still opens.
 * Files are readable by the owner only.
 *
 * @param masterKeys         master keys by id, the highest seals
 * @param previousSecretsKey base64 of {@code secrets.key}, or {@code null} when this data
 *                           directory never had one
 */
public record KeyMaterial(Path dir, RSAPrivateKey privateKey, RSAPublicKey publicKey,
                          SortedMap<Integer, byte[]> masterKeys, String previousSecretsKey) {

    public static final String PRIVATE_KEY_FILE = "jwt-private.pem";
    public static final String PUBLIC_KEY_FILE = "jwt-public.pem";
    /** The single sealing key of data directories made before the keys were separated. */
    public static final String SECRETS_KEY_FILE = "secrets.key";
    /** {@code secrets-master-1.key}, {@code secrets-master-2.key}, …: the master keys of sealing. */
    public static final Pattern MASTER_KEY_FILE = Pattern.compile("secrets-master-([1-9][0-9]{0,8})\\.key");
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
        Path previous = dir.resolve(SECRETS_KEY_FILE);
        try {
            if (!Files.exists(privatePem) || !Files.exists(publicPem)) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair pair = generator.generateKeyPair();
                write(publicPem, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
                write(privatePem, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            }
            if (masterKeyFiles(dir).isEmpty()) {
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                write(dir.resolve(masterKeyFile(1)), Base64.getEncoder().encodeToString(key) + "\n");
            }
            Path operatorPassword = dir.resolve(OPERATOR_PASSWORD_FILE);
            if (!Files.exists(operatorPassword)) {
                write(operatorPassword, newOperatorPassword() + "\n");
            }
            SortedMap<Integer, Path> masterFiles = masterKeyFiles(dir);
            List<Path> files = new ArrayList<>(List.of(privatePem, publicPem, operatorPassword));
            files.addAll(masterFiles.values());
            if (Files.exists(previous)) {
                files.add(previous);
            }
            for (Path file : files) {
                restrict(file, OWNER_FILE); // also when they were copied in from elsewhere
            }
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            RSAPrivateKey privateKey = (RSAPrivateKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(readPem(privatePem)));
            RSAPublicKey publicKey = (RSAPublicKey) rsa.generatePublic(new X509EncodedKeySpec(readPem(publicPem)));
            SortedMap<Integer, byte[]> masterKeys = new TreeMap<>();
            for (Map.Entry<Integer, Path> file : masterFiles.entrySet()) {
                masterKeys.put(file.getKey(), readAesKey(file.getValue()));
            }
            String previousKey = null;
            if (Files.exists(previous)) {
                previousKey = Base64.getEncoder().encodeToString(readAesKey(previous));
            }
            return new KeyMaterial(dir, privateKey, publicKey, Collections.unmodifiableSortedMap(masterKeys),
                    previousKey);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException("unreadable key material in " + dir + " (delete the folder to make new keys): "
                    + e.getMessage(), e);
        }
    }

    /** Names the directory and the key ids, never a key. */
    @Override
    public String toString() {
        return "KeyMaterial[" + dir + ", master keys " + masterKeys.keySet()
                + (previousSecretsKey == null ? "" : ", " + SECRETS_KEY_FILE) + "]";
    }

    /** The file name of master key {@code id}. */
    public static String masterKeyFile(int id) {
        return "secrets-master-" + id + ".key";
    }

    /**
     * The text of {@code SRA_SECRETS_KEYS} for a service using {@code contexts}: for each context
     * and each master key, {@code <context>.<master key id>=<base64 of HKDF(master key, context)>}.
     * Contains keys: hand it to the service, never print it.
     */
    public String secretsKeys(Collection<String> contexts) {
        StringJoiner keys = new StringJoiner(",");
        for (String context : new TreeSet<>(contexts)) {
            masterKeys.forEach((id, master) -> keys.add(context + "." + id + "="
                    + Base64.getEncoder().encodeToString(contextKey(master, context))));
        }
        return keys.toString();
    }

    /** The previous single key ({@code secrets.key}), when this data directory has one. */
    public Optional<String> previousSecretsKeyIfAny() {
        return Optional.ofNullable(previousSecretsKey);
    }

    /**
     * HKDF-SHA256 (RFC 5869) with no salt, the master key as input keying material and the
     * context name as info: 32 bytes, by Bouncy Castle as service-kit's {@code Hkdf.contextKey}
     * does (the launcher does not carry the kit; both are pinned by the same test value).
     */
    static byte[] contextKey(byte[] masterKey, String context) {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(masterKey, null,
                context.getBytes(StandardCharsets.UTF_8)));
        byte[] key = new byte[32];
        hkdf.generateBytes(key, 0, key.length);
        return key;
    }

    private static SortedMap<Integer, Path> masterKeyFiles(Path dir) throws IOException {
        SortedMap<Integer, Path> files = new TreeMap<>();
        try (Stream<Path> listing = Files.list(dir)) {
            for (Path file : (Iterable<Path>) listing::iterator) {
                Matcher name = MASTER_KEY_FILE.matcher(file.getFileName().toString());
                if (name.matches()) {
                    files.put(Integer.parseInt(name.group(1)), file);
                }
            }
        }
        return files;
    }

    private static byte[] readAesKey(Path file) throws IOException {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(Files.readString(file).trim());
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " must hold the base64 of 32 bytes");
        }
        if (key.length != 32) {
            throw new IOException(file + " must hold the base64 of 32 bytes");
        }
        return key;
    }

    /**
     * The operator's first password for this data directory (it must be changed at the first
     * login; the stack prints it at start).
     */
    public String operatorInitialPassword() {
        try {
            return Files.readString(dir.resolve(OPERATOR_PASSWORD_FILE)).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
