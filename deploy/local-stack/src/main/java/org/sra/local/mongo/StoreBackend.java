package org.sra.local.mongo;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.Map;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;

/**
 * mongo-java-server's H2 backend with unique indexes whose keys compare in memory
 * ({@link IndexKeyType}) instead of through Java serialization.
 *
 * <p>The index maps are named {@code <database>.<collection>._keys_<index>}; the backend's own
 * {@code ._index_} maps (sorted by the serialized form) are removed when a database opens. An
 * empty index is filled from the collection's documents when it is added (mongo-java-server
 * does that for every new index), so a store written before this class simply rebuilds its
 * indexes once at its first start.
 */
final class StoreBackend extends H2Backend {

    private static final Logger log = LoggerFactory.getLogger(StoreBackend.class);

    StoreBackend(MVStore store) {
        super(store);
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new StoreDatabase(databaseName, getMvStore(), getCursorRegistry());
    }

    static final class StoreDatabase extends H2Database {

        /** H2Database keeps its store private and opens the indexes from its own constructor. */
        private static final VarHandle STORE;

        static {
            try {
                STORE = MethodHandles.privateLookupIn(H2Database.class, MethodHandles.lookup())
                        .findVarHandle(H2Database.class, "mvStore", MVStore.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError("mongo-java-server's H2Database has no field mvStore: " + e);
            }
        }

        StoreDatabase(String databaseName, MVStore store, CursorRegistry cursors) {
            super(databaseName, store, cursors);
            String legacyPrefix = databaseName + ".";
            List<String> legacy = store.getMapNames().stream()
                    .filter(name -> name.startsWith(legacyPrefix) && name.contains("._index_")).toList();
            for (String name : legacy) {
                store.removeMap(name);
            }
            if (!legacy.isEmpty()) {
                log.info("Database {}: {} unique indexes rebuilt with in-memory key comparison", databaseName,
                        legacy.size());
            }
        }

        private MVStore store() {
            return (MVStore) STORE.get(this);
        }

        @Override
        protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                        boolean sparse) {
            MVMap<KeyValue, Object> map = store().openMap(mapName(collectionName, indexName),
                    new MVMap.Builder<KeyValue, Object>().keyType(new IndexKeyType()));
            return new KeyIndex(map, indexName, keys, sparse);
        }

        @Override
        protected void dropIndex(MongoCollection<Object> collection, String indexName) {
            super.dropIndex(collection, indexName);
            String name = mapName(collection.getCollectionName(), indexName);
            if (store().hasMap(name)) {
                store().removeMap(name);
            }
        }

        private String mapName(String collectionName, String indexName) {
            return getFullCollectionNamespace(collectionName) + "._keys_" + indexName;
        }
    }

    /**
     * A unique index in an MVMap, as mongo-java-server's H2UniqueIndex (whose constructor is
     * package-private), with the map this backend opened.
     */
    static final class KeyIndex extends AbstractUniqueIndex<Object> {

        private final MVMap<KeyValue, Object> map;

        KeyIndex(MVMap<KeyValue, Object> map, String name, List<IndexKey> keys, boolean sparse) {
            super(name, keys, sparse);
            this.map = map;
        }

        @Override
        protected Object removeDocument(KeyValue key) {
            return map.remove(key);
        }

        @Override
        protected boolean putKeyPosition(KeyValue key, Object position) {
            return map.putIfAbsent(key, Missing.ofNullable(position)) == null;
        }

        @Override
        protected Iterable<Map.Entry<KeyValue, Object>> getIterable() {
            return map.entrySet();
        }

        @Override
        protected Object getPosition(KeyValue key) {
            return map.get(key);
        }

        @Override
        public long getCount() {
            return map.sizeAsLong();
        }

        @Override
        public boolean isEmpty() {
            return map.isEmpty();
        }

        @Override
        public long getDataSize() {
            return getCount();
        }
    }
}
