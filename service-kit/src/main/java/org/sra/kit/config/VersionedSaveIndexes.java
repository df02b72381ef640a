package org.sra.kit.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.mapping.MongoPersistentEntity;

/**
 * A unique index on {@code (_id, version)} for every mapped document with a {@code @Version}
 * property. Spring Data saves such a document with the filter {@code {_id, version}}; the
 * embedded store answers a filter from an index only when its keys are exactly an index's keys,
 * so without this every versioned save (a device assigned, a profile changed) read the whole
 * collection. The index is unique by construction (it holds {@code _id}) and cheap on MongoDB.
 */
class VersionedSaveIndexes implements SmartInitializingSingleton {

    static final String NAME = "versioned_save";
    private static final Logger log = LoggerFactory.getLogger(VersionedSaveIndexes.class);

    private final MongoTemplate mongo;

    VersionedSaveIndexes(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public void afterSingletonsInstantiated() {
        for (MongoPersistentEntity<?> entity : mongo.getConverter().getMappingContext().getPersistentEntities()) {
            if (!entity.hasVersionProperty() || entity.getType().isInterface()) {
                continue;
            }
            String version = entity.getRequiredVersionProperty().getFieldName();
            try {
                mongo.indexOps(entity.getCollection()).createIndex(new Index().on("_id", Sort.Direction.ASC)
                        .on(version, Sort.Direction.ASC).unique().named(NAME));
            } catch (RuntimeException e) {
                log.warn("Could not create the index ({_id, {}}) on {}; versioned saves there read the collection: {}",
                        version, entity.getCollection(), e.toString());
            }
        }
    }
}
