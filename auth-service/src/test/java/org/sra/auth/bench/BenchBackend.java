package org.sra.auth.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.sra.fixtures.ad.DemoDirectory;
import org.sra.fixtures.ad.Slapd;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * Not a test: one of the benchmark's backing servers, each started by {@code bench.sh} as its
 * <strong>own JVM</strong> — as in production and the local stack, none of them shares
 * auth-service's process (see {@code auth-service/bench/README.md}).
 *
 * <ul>
 *   <li>{@code directory <work dir> <users>}: the AD-like directory of test-fixtures
 *       ({@link DemoDirectory}, UPN and <code>CORP&#92;user</code> binds) plus {@code bench0001…benchN}
 *       with password {@code Passw0rd!}. Writes {@code ldap.port} and {@code ldap.base} (where the users are).</li>
 *   <li>{@code slapd <work dir> <users>}: Debian's OpenLDAP {@code slapd} (back_mdb, test-fixtures'
 *       {@link Slapd} with the AD attributes) with the same users; this JVM only starts and stops it. Writes
 *       {@code ldap.port}, {@code ldap.base} and {@code ldap.pid} (slapd's own process, for the CPU figures).
 *       FreeRADIUS and auth-service both use the one directory the run started.</li>
 *   <li>{@code kafka <work dir>}: a real single-node KRaft broker (spring-kafka-test's
 *       {@link EmbeddedKafkaKraftBroker}, 3 partitions). Writes {@code kafka.brokers}.</li>
 *   <li>{@code store <work dir>}: the MongoDB-wire-protocol store (mongo-java-server, in memory).
 *       Writes {@code mongo.port}.</li>
 * </ul>
 * Each runs until killed.
 */
public final class BenchBackend {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        switch (args[0]) {
            case "directory" -> {
                DemoDirectory directory = DemoDirectory.start(0);
                int users = Integer.parseInt(args[2]);
                for (int i = 1; i <= users; i++) {
                    String account = "bench%04d".formatted(i);
                    directory.server().add(new Entry("CN=" + account + "," + DemoDirectory.USERS_DN,
                            new Attribute("objectClass", "top", "person", "organizationalPerson", "user"),
                            new Attribute("cn", account), new Attribute("sn", account),
                            new Attribute("sAMAccountName", account),
                            new Attribute("userPrincipalName", account + "@" + DemoDirectory.DOMAIN),
                            new Attribute("userAccountControl", "512"),
                            new Attribute("userPassword", DemoDirectory.USER_PASSWORD)));
                }
                publish(dir, "ldap.base", DemoDirectory.USERS_DN);
                publish(dir, "ldap.port", String.valueOf(directory.port()));
            }
            case "slapd" -> {
                Slapd slapd = Slapd.start(dir.resolve("slapd"));
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        slapd.close();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
                int users = Integer.parseInt(args[2]);
                // the entries Slapd.addUser writes, over one administrator connection (a connection
                // and bind per user made 10,000 users take minutes)
                try (LDAPConnection admin = slapd.admin()) {
                    for (int i = 1; i <= users; i++) {
                        String sam = "bench%04d".formatted(i);
                        admin.add(new Entry("cn=" + sam + "," + Slapd.USERS_DN,
                                new Attribute("objectClass", "top", "person", "organizationalPerson", "inetOrgPerson",
                                        "user"),
                                new Attribute("cn", sam), new Attribute("sn", sam),
                                new Attribute("displayName", "Bench user " + i),
                                new Attribute("mail", sam + "@example.com"), new Attribute("sAMAccountName", sam),
                                new Attribute("userPrincipalName", sam + "@corp.example.com"),
                                new Attribute("sAMAccountType", "805306368"), new Attribute("userAccountControl", "512"),
                                new Attribute("userPassword", DemoDirectory.USER_PASSWORD)));
                    }
                }
                publish(dir, "ldap.base", Slapd.USERS_DN);
                publish(dir, "ldap.pid", String.valueOf(slapd.pid()));
                publish(dir, "ldap.port", String.valueOf(slapd.port()));
            }
            case "kafka" -> {
                EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 3);
                kafka.afterPropertiesSet();
                publish(dir, "kafka.brokers", kafka.getBrokersAsString());
            }
            case "store" -> {
                MongoServer mongo = new MongoServer(new MemoryBackend());
                publish(dir, "mongo.port", String.valueOf(mongo.bind().getPort()));
            }
            default -> throw new IllegalArgumentException("directory | slapd | kafka | store, not " + args[0]);
        }
        System.out.println("READY " + args[0]);
        Thread.currentThread().join();
    }

    /** Written under a temporary name and moved, so a reader never sees half a file. */
    private static void publish(Path dir, String name, String value) throws Exception {
        Path tmp = dir.resolve(name + ".tmp");
        Files.writeString(tmp, value);
        Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }
}
