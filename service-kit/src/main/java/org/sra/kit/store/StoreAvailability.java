package org.sra.kit.store;

import java.util.Map;

import com.mongodb.connection.ServerDescription;
import com.mongodb.event.ClusterDescriptionChangedEvent;
import com.mongodb.event.ClusterListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sra.kit.error.DomainException;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Whether the service's store answers, as the MongoDB driver sees it (its cluster monitor marks the
 * server unknown at once when a connection breaks, and ok again when it answers), and an
 * interceptor that refuses API calls while it does not: a <b>503 with {@code Retry-After}</b> at
 * once, which is the truth (nothing was done), instead of a call that waits for the store until the
 * gateway gives up on it and cannot say whether it was done. Background work (the outbox relay, the
 * event consumers) is not refused: it waits for the store as before and goes on when it is back.
 */
public final class StoreAvailability implements ClusterListener, HandlerInterceptor {

    /** What a caller is told to wait: the driver looks for a lost server about twice a second. */
    public static final int RETRY_AFTER_SECONDS = 10;

    private static final Logger log = LoggerFactory.getLogger(StoreAvailability.class);

    /** Whether the store has answered at least once: before that, a service is not ready anyway. */
    private volatile boolean seenUp;
    private volatile boolean up;

    @Override
    public void clusterDescriptionChanged(ClusterDescriptionChangedEvent event) {
        boolean now = event.getNewDescription().getServerDescriptions().stream().anyMatch(ServerDescription::isOk);
        if (now) {
            seenUp = true;
        }
        if (seenUp && now != up) {
            if (now) {
                log.info("The store answers again");
            } else {
                log.warn("The store does not answer: API calls are refused with 503 until it does");
            }
        }
        up = now;
    }

    /** False only while a store that answered before does not. */
    public boolean available() {
        return up || !seenUp;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!available() && request.getRequestURI().startsWith("/api/")) {
            throw new DomainException(DomainException.Kind.UNAVAILABLE, "store-unavailable",
                    Map.of("retryAfter", RETRY_AFTER_SECONDS));
        }
        return true;
    }
}
