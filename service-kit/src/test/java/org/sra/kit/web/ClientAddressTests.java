package org.sra.kit.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class ClientAddressTests {

    @Test
    void theGatewaysHeaderIsTheClientAddress() {
        MockHttpServletRequest request = fromPeer("10.0.0.5");
        request.addHeader(ClientAddress.HEADER, "198.51.100.7");

        assertThat(ClientAddress.of(request)).isEqualTo("198.51.100.7");
    }

    @Test
    void xForwardedForAndForwardedAreNotRead() {
        MockHttpServletRequest request = fromPeer("10.0.0.5");
        request.addHeader("X-Forwarded-For", "203.0.113.9");
        request.addHeader("Forwarded", "for=203.0.113.9");
        request.addHeader("X-Real-IP", "203.0.113.9");

        assertThat(ClientAddress.of(request)).isEqualTo("10.0.0.5");
    }

    @Test
    void withoutTheHeaderTheSocketPeerCounts() {
        assertThat(ClientAddress.of(fromPeer("127.0.0.1"))).isEqualTo("127.0.0.1");
    }

    @Test
    void anIpv6AddressIsWrittenInOneForm() {
        MockHttpServletRequest request = fromPeer("10.0.0.5");
        request.addHeader(ClientAddress.HEADER, " 2001:DB8::1 ");

        assertThat(ClientAddress.of(request)).isEqualTo("2001:db8:0:0:0:0:0:1");
    }

    @Test
    void aHeaderThatIsNoAddressIsIgnored() {
        for (String junk : new String[] {"", "unknown", "example.com", "1.2.3", "999.1.1.1", "198.51.100.7, 10.0.0.1",
                "fe80::1%eth0", "[2001:db8::1]", "2001:db8::1::2", "abc"}) {
            MockHttpServletRequest request = fromPeer("10.0.0.5");
            request.addHeader(ClientAddress.HEADER, junk);

            assertThat(ClientAddress.of(request)).as(junk).isEqualTo("10.0.0.5");
        }
    }

    private static MockHttpServletRequest fromPeer(String peer) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/account/login");
        request.setRemoteAddr(peer);
        return request;
    }
}
