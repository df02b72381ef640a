package org.sra.local.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sra.local.FreePorts;

/** The embedded store keeps what was written in its H2 file across a restart. */
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
    void aSecondStoreOnTheSameFileIsRefused() throws IOException {
        try (MongoStore first = MongoStore.start(dir, FreePorts.next())) {
            assertThatThrownBy(() -> MongoStore.start(dir, FreePorts.next()))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("another stack");
        }
    }
}
