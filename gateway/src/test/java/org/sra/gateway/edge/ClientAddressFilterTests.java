package org.sra.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.util.unit.DataSize;

class ClientAddressFilterTests {

    @Test
    void withNoTrustedHopsThePeerIsTheClientWhateverXForwardedForSays() {
        assertThat(filter(0).resolve(request("203.0.113.1, 203.0.113.2"))).isEqualTo("10.0.0.9");
    }

    @Test
    void withNHopsTheNthEntryFromTheRightIsTheClient() {
        String chain = "192.0.2.1, 198.51.100.2, 10.1.0.3";

        assertThat(filter(1).resolve(request(chain))).isEqualTo("10.1.0.3");
        assertThat(filter(2).resolve(request(chain))).isEqualTo("198.51.100.2");
        assertThat(filter(3).resolve(request(chain))).isEqualTo("192.0.2.1");
    }

    @Test
    void fewerEntriesThanHopsMeansThePeer() {
        assertThat(filter(2).resolve(request("198.51.100.2"))).isEqualTo("10.0.0.9");
        assertThat(filter(1).resolve(request(null))).isEqualTo("10.0.0.9");
    }

    @Test
    void anEntryThatIsNoAddressMeansThePeer() {
        for (String junk : new String[] {"unknown", "_hidden", "example.com", "999.1.1.1", ""}) {
            assertThat(filter(1).resolve(request("198.51.100.2, " + junk))).as(junk).isEqualTo("10.0.0.9");
        }
    }

    @Test
    void addressesWithPortsAndBracketsAreUnderstoodAndWrittenInOneForm() {
        assertThat(filter(1).resolve(request("198.51.100.2:4711"))).isEqualTo("198.51.100.2");
        assertThat(filter(1).resolve(request("[2001:DB8::1]:4711"))).isEqualTo("2001:db8::1");
        assertThat(filter(1).resolve(request("2001:db8::1"))).isEqualTo("2001:db8::1");
    }

    @Test
    void negativeHopsAreRefusedAtStart() {
        assertThatIllegalArgumentException().isThrownBy(() -> filter(-1))
                .withMessageContaining("trusted-proxy-hops");
    }

    private static ClientAddressFilter filter(int hops) {
        return new ClientAddressFilter(new EdgeSettings(Map.of(),
                new EdgeSettings.RequestSize(DataSize.ofMegabytes(1), List.of(), DataSize.ofMegabytes(5)), hops));
    }

    private static MockServerHttpRequest request(String forwardedFor) {
        MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get("/api/devices")
                .remoteAddress(new InetSocketAddress("10.0.0.9", 50000));
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return request.build();
    }
}
