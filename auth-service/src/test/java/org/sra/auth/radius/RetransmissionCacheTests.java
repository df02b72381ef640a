package org.sra.auth.radius;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** R-AUT-1 duplicate detection: (NAS address and port, identifier, authenticator) within a window. */
class RetransmissionCacheTests {

    static byte[] packet(int id, byte authenticatorByte) {
        byte[] packet = new byte[20];
        packet[0] = 1;
        packet[1] = (byte) id;
        Arrays.fill(packet, 4, 20, authenticatorByte);
        return packet;
    }

    final InetSocketAddress nas = new InetSocketAddress("127.0.0.1", 40000);

    @Test
    void aRetransmissionGetsTheCachedAnswerAndOneInProgressIsDropped() {
        RetransmissionCache cache = new RetransmissionCache(Duration.ofSeconds(5));
        byte[] request = packet(7, (byte) 1);
        assertThat(cache.begin(nas, request)).isNull();
        assertThat(cache.begin(nas, request).answer()).isNull(); // still deciding
        cache.answered(nas, request, new byte[] {2, 7});
        assertThat(cache.begin(nas, request.clone()).answer()).containsExactly(2, 7);
    }

    @Test
    void anotherAuthenticatorIdentifierOrSourcePortIsANewRequest() {
        RetransmissionCache cache = new RetransmissionCache(Duration.ofSeconds(5));
        cache.begin(nas, packet(7, (byte) 1));
        assertThat(cache.begin(nas, packet(7, (byte) 2))).isNull();
        assertThat(cache.begin(nas, packet(8, (byte) 1))).isNull();
        assertThat(cache.begin(new InetSocketAddress("127.0.0.1", 40001), packet(7, (byte) 1))).isNull();
    }

    @Test
    void afterTheWindowTheSameBytesAreANewRequest() throws InterruptedException {
        RetransmissionCache cache = new RetransmissionCache(Duration.ofMillis(50));
        byte[] request = packet(9, (byte) 3);
        cache.begin(nas, request);
        cache.answered(nas, request, new byte[] {2});
        Thread.sleep(80);
        assertThat(cache.begin(nas, request)).isNull();
    }
}
