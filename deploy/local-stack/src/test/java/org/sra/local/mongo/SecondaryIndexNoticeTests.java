package org.sra.local.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

class SecondaryIndexNoticeTests {

    @Test
    void theStoresIndexWarningsBecomeOneLineSayingWhyAndOtherWarningsStay() {
        LoggerContext context = new LoggerContext();
        SecondaryIndexNotice notice = new SecondaryIndexNotice();
        notice.setContext(context);
        notice.start();
        context.addTurboFilter(notice);
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.setContext(context);
        seen.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(seen);
        Logger store = context.getLogger("de.bwaldvogel.mongo.backend.AbstractMongoDatabase");

        store.warn("adding secondary index with keys {} is not yet implemented. ignoring", "[tenantId]");
        store.warn("adding secondary index with keys {} is not yet implemented. ignoring", "[updatedAt]");
        store.warn("adding secondary index with keys {} is not yet implemented. ignoring", "[state]");
        store.warn("something else went wrong");

        assertThat(seen.list).extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly(SecondaryIndexNotice.NOTICE, "something else went wrong");
    }
}
