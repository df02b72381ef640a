package org.sra.kit.testapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.sra.kit.test.SraIntegrationTest;

/**
 * Documents saved with optimistic locking get a unique {@code (_id, version)} index, so the
 * embedded store answers a versioned save from an index instead of reading the whole collection;
 * the lock still refuses a stale copy.
 */
@SraIntegrationTest
// as the HTTP tests have it: one Spring context (and one embedded Kafka broker) for all the kit's tests
@AutoConfigureTestRestTemplate
class VersionedSaveIntegrationTests {

    @Autowired
    MongoTemplate mongo;

    @Test
    void aVersionedDocumentHasTheIdAndVersionIndexAndAStaleCopyIsStillRefused() {
        Gadget saved = mongo.save(new Gadget(UUID.randomUUID().toString(), "first"));
        Gadget stale = mongo.findById(saved.id, Gadget.class);
        saved.name = "second";
        mongo.save(saved);

        assertThat(mongo.getCollection("gadgets").listIndexes())
                .anySatisfy(index -> {
                    assertThat(index.getString("name")).isEqualTo("versioned_save");
                    assertThat(index.get("key", Document.class).keySet()).containsExactly("_id", "revision");
                    assertThat(index.getBoolean("unique")).isTrue();
                });
        stale.name = "lost update";
        assertThatThrownBy(() -> mongo.save(stale)).isInstanceOf(OptimisticLockingFailureException.class);
        assertThat(mongo.findById(saved.id, Gadget.class).name).isEqualTo("second");
    }
}
