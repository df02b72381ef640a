package org.sra.local.mongo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * An in-process MongoDB-wire-protocol server (mongo-java-server) whose data lives in one H2
 * MVStore file, {@code <dir>/sra.mv.db}, so a restart keeps every database.
 *
 * <p>{@link #close()} stops listening, closes the client connections and then closes the
 * MVStore, which writes the last changes and leaves the file consistent. The file is locked
 * while open: a second stack on the same data directory fails here with a clear message.
 */
public final class MongoStore implements AutoCloseable {

    private static final String FILE_NAME = "sra.mv.db";
    /**
     * Pages kept read (H2's default is 16 MB): a page that falls out is read and deserialized
     * again; with 30,000 devices and users the working set is larger than the default.
     */
    private static final int CACHE_MB = 128;
    /**
     * Changes gathered before a commit is forced (default 1 MB; the background commit still runs
     * every second): each commit serializes every page changed since the last one, so a bulk
     * write that touches a page a hundred times serializes it once rather than at every forced commit.
     */
    private static final int COMMIT_BUFFER_KB = 16 * 1024;
    // H2's background compaction stays at its default (chunks rewritten below 90 % fill): with
    // 50 % the bulk benchmark's file (30,000 devices and users) grew to 6.5 GB, against 1.5 GB
    // in the run before at the default.

    private final MongoServer server;
    private final H2Backend backend;
    private final Path file;
    private final int port;

    private MongoStore(MongoServer server, H2Backend backend, Path file, int port) {
        this.server = server;
        this.backend = backend;
        this.file = file;
        this.port = port;
    }

    /** Opens (or creates) the store in {@code dir} and listens on 127.0.0.1:{@code port}. */
    public static MongoStore start(Path dir, int port) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE_NAME).toAbsolutePath();
        H2Backend backend;
        try {
            backend = new StoreBackend(new MVStore.Builder().fileName(file.toString())
                    .cacheSize(CACHE_MB).autoCommitBufferSize(COMMIT_BUFFER_KB).open());
        } catch (RuntimeException e) {
            throw new IOException("cannot open " + file + " (is another stack using this data directory?): "
                    + e.getMessage(), e);
        }
        MongoServer server = new MongoServer(backend);
        try {
            server.bind("127.0.0.1", port);
        } catch (RuntimeException e) {
            backend.close();
            throw new IOException("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        return new MongoStore(server, backend, file, port);
    }

    public int port() {
        return port;
    }

    public Path file() {
        return file;
    }

    /** The connection string for database {@code database}. */
    public String uri(String database) {
        return "mongodb://127.0.0.1:" + port + "/" + database;
    }

    @Override
    public void close() {
        backend.commit();
        server.shutdownNow(); // closes the backend, and with it the MVStore file
    }
}
