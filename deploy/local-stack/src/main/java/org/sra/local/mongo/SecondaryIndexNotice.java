package org.sra.local.mongo;

import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Marker;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * The embedded store warns once per index and per database at every start that "adding secondary
 * index … is not yet implemented" — dozens of lines that look like a fault but are a known limit of
 * mongo-java-server. This filter replaces them with one line that says what it means.
 */
public class SecondaryIndexNotice extends TurboFilter {

    static final String NOTICE = "The embedded store keeps only _id and unique indexes (mongo-java-server ignores "
            + "the services' other indexes); the services look up hot data by those keys, so this is expected here. "
            + "A real MongoDB builds every index.";

    private final AtomicBoolean said = new AtomicBoolean();

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
                              Throwable t) {
        if (format == null || !format.startsWith("adding secondary index")
                || !logger.getName().startsWith("de.bwaldvogel.mongo")) {
            return FilterReply.NEUTRAL;
        }
        if (said.compareAndSet(false, true)) {
            logger.getLoggerContext().getLogger(MongoStore.class).info(NOTICE);
        }
        return FilterReply.DENY;
    }
}
