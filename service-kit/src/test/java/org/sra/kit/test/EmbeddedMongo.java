package org.sra.kit.test;

import java.net.InetSocketAddress;
import java.util.UUID;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * One in-memory MongoDB-wire-protocol server per test JVM (mongo-java-server); each Spring
 * test context gets its own database on it.
 */
public final class EmbeddedMongo {

    private static MongoServer server;
    private static InetSocketAddress address;

    private EmbeddedMongo() {
    }

    public static synchronized String uri(String database) {
        if (server == null) {
            server = new MongoServer(new MemoryBackend());
            address = server.bind();
            Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
        }
        return "mongodb://127.0.0.1:" + address.getPort() + "/" + database;
    }

    /** Points {@code spring.mongodb.uri} at a fresh database of the shared server. */
    public static final class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            String database = "test-" + UUID.randomUUID().toString().substring(0, 8);
            TestPropertyValues.of("spring.mongodb.uri=" + uri(database)).applyTo(context);
        }
    }
}
