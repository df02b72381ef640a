package org.sra.kit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import com.mongodb.ServerAddress;
import com.mongodb.connection.ClusterConnectionMode;
import com.mongodb.connection.ClusterDescription;
import com.mongodb.connection.ClusterId;
import com.mongodb.connection.ClusterType;
import com.mongodb.connection.ServerConnectionState;
import com.mongodb.connection.ServerDescription;
import com.mongodb.connection.ServerType;
import com.mongodb.event.ClusterDescriptionChangedEvent;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.sra.kit.error.DomainException;

class StoreAvailabilityTests {

    private final StoreAvailability store = new StoreAvailability();
    private ClusterDescription last = describe(false, ServerConnectionState.CONNECTING);

    @Test
    void apiCallsAreRefusedWith503AndRetryAfterOnlyWhileAStoreThatAnsweredDoesNot() {
        // starting: the store has not answered yet, and a service is not ready then anyway
        assertThat(store.available()).isTrue();
        change(describe(true, ServerConnectionState.CONNECTED));
        assertThat(passes("/api/devices")).isTrue();

        change(describe(false, ServerConnectionState.CONNECTING));
        assertThat(store.available()).isFalse();
        assertThatThrownBy(() -> passes("/api/devices"))
                .isInstanceOfSatisfying(DomainException.class, refused -> {
                    assertThat(refused.kind()).isEqualTo(DomainException.Kind.UNAVAILABLE);
                    assertThat(refused.slug()).isEqualTo("store-unavailable");
                    assertThat(refused.properties()).containsEntry("retryAfter", StoreAvailability.RETRY_AFTER_SECONDS);
                });
        // probes and the like still answer: readiness says what is wrong
        assertThat(passes("/actuator/health/readiness")).isTrue();

        change(describe(true, ServerConnectionState.CONNECTED));
        assertThat(passes("/api/devices")).isTrue();
    }

    private boolean passes(String path) {
        return store.preHandle(new MockHttpServletRequest("POST", path), new MockHttpServletResponse(), new Object());
    }

    private void change(ClusterDescription next) {
        store.clusterDescriptionChanged(new ClusterDescriptionChangedEvent(new ClusterId(), next, last));
        last = next;
    }

    private static ClusterDescription describe(boolean ok, ServerConnectionState state) {
        ServerDescription server = ServerDescription.builder().address(new ServerAddress("127.0.0.1", 27017))
                .state(state).ok(ok).type(ok ? ServerType.STANDALONE : ServerType.UNKNOWN).build();
        return new ClusterDescription(ClusterConnectionMode.SINGLE, ok ? ClusterType.STANDALONE : ClusterType.UNKNOWN,
                List.of(server));
    }
}
