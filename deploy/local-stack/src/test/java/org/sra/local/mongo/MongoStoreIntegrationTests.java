package org.sra.local.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sra.local.FreePorts;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * The embedded store keeps what was written in its H2 file across a restart, and its unique
 * indexes (keys compared in memory) find and refuse keys as before, also in a file the stock
 * backend wrote.
 */
class MongoStoreIntegrationTests {

    @TempDir
    Path dir;

    @Test
    void dataWrittenBeforeAStopIsReadAfterTheNextStart() throws IOException {
        int port = FreePorts.next();
        try (MongoStore store = MongoStore.start(dir, port); MongoClient client = MongoClients.create(store.uri("sra-test"))) {
            MongoCollection<Document> tenants = client.getDatabase("sra-test").getCollection("tenants");
            tenants.insertOne(new Document("_id", "t-1").append("name", "Acme").append("devicesPerUser", 3));
        }

        int otherPort = FreePorts.next();
        try (MongoStore store = MongoStore.start(dir, otherPort); MongoClient client = MongoClients.create(store.uri("sra-test"))) {
            Document acme = client.getDatabase("sra-test").getCollection("tenants").find(Filters.eq("_id", "t-1")).first();

            assertThat(acme).isNotNull();
            assertThat(acme.getString("name")).isEqualTo("Acme");
            assertThat(acme.getInteger("devicesPerUser")).isEqualTo(3);
            assertThat(store.file()).exists().hasFileName("sra.mv.db");
        }
    }

    @Test
    void uniqueIndexesFindAndRefuseKeysAcrossARestart() throws IOException {
        try (MongoStore store = MongoStore.start(dir, FreePorts.next()); MongoClient client = MongoClients.create(store.uri("sra-test"))) {
            MongoCollection<Document> devices = client.getDatabase("sra-test").getCollection("devices");
            devices.createIndex(Indexes.ascending("tenantId", "name"), new IndexOptions().unique(true));
            for (int i = 0; i < 2_000; i++) {
                devices.insertOne(new Document("_id", "d-" + i).append("tenantId", "t-" + i % 3).append("name", "pc-" + i)
                        .append("version", (long) i));
            }
            assertThatThrownBy(() -> devices.insertOne(new Document("_id", "d-x").append("tenantId", "t-1").append("name", "pc-1")))
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
        }

        try (MongoStore store = MongoStore.start(dir, FreePorts.next()); MongoClient client = MongoClients.create(store.uri("sra-test"))) {
            MongoCollection<Document> devices = client.getDatabase("sra-test").getCollection("devices");

            assertThat(devices.find(Filters.eq("_id", "d-1999")).first().getString("name")).isEqualTo("pc-1999");
            assertThat(devices.find(Filters.in("_id", "d-5", "d-6", "nope")).into(new ArrayList<>())).hasSize(2);
            assertThat(devices.find(new Document("tenantId", "t-2").append("name", "pc-1997")).first()).isNotNull();
            assertThatThrownBy(() -> devices.insertOne(new Document("_id", "d-y").append("tenantId", "t-2").append("name", "pc-5")))
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
            assertThatThrownBy(() -> devices.insertOne(new Document("_id", "d-7").append("tenantId", "t-9").append("name", "new")))
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
            devices.deleteOne(Filters.eq("_id", "d-5"));
            devices.insertOne(new Document("_id", "d-5b").append("tenantId", "t-2").append("name", "pc-5"));
            assertThat(devices.countDocuments()).isEqualTo(2_000);
        }
    }

    @Test
    void aFileWrittenByTheStockBackendGetsItsIndexesRebuilt() throws IOException {
        Path file = dir.resolve("sra.mv.db");
        int port = FreePorts.next();
        H2Backend stock = new H2Backend(file.toString());
        MongoServer server = new MongoServer(stock);
        server.bind("127.0.0.1", port);
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + port)) {
            MongoCollection<Document> users = client.getDatabase("sra-test").getCollection("users");
            users.createIndex(Indexes.ascending("tenantId", "userName"), new IndexOptions().unique(true));
            users.insertOne(new Document("_id", "u-1").append("tenantId", "t").append("userName", "taro"));
        } finally {
            stock.commit();
            server.shutdownNow();
        }

        try (MongoStore store = MongoStore.start(dir, FreePorts.next()); MongoClient client = MongoClients.create(store.uri("sra-test"))) {
            MongoCollection<Document> users = client.getDatabase("sra-test").getCollection("users");

            assertThat(users.find(Filters.eq("_id", "u-1")).first()).isNotNull();
            assertThatThrownBy(() -> users.insertOne(new Document("_id", "u-2").append("tenantId", "t").append("userName", "taro")))
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
        }
    }

    @Test
    void aSecondStoreOnTheSameFileIsRefused() throws IOException {
        try (MongoStore first = MongoStore.start(dir, FreePorts.next())) {
            assertThatThrownBy(() -> MongoStore.start(dir, FreePorts.next()))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("another stack");
        }
    }
}
