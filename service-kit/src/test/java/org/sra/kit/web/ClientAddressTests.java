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

        assertThat(ClientAddress.of(request)).isEqualTo("2001:db8::1");
    }

    /** RFC 5952: loopback is {@code ::1}, never {@code 0:0:0:0:0:0:0:1}; the longest zero run is the one folded. */
    @Test
    void ipv6IsWrittenCompressedAsPeopleReadIt() {
        assertThat(ClientAddress.of(fromPeer("0:0:0:0:0:0:0:1"))).isEqualTo("::1");
        MockHttpServletRequest request = fromPeer("10.0.0.5");
        request.addHeader(ClientAddress.HEADER, "0:0:0:0:0:0:0:1");
        assertThat(ClientAddress.of(request)).isEqualTo("::1");
        for (String[] pair : new String[][] {{"::", "::"}, {"2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"},
                {"2001:0db8:0000:0001:0000:0000:0000:0001", "2001:db8:0:1::1"}, {"fe80:0:0:0:0:0:0:0", "fe80::"},
                {"2001:db8:1:2:3:4:5:6", "2001:db8:1:2:3:4:5:6"}, {"2001:db8:0:1:2:3:4:5", "2001:db8:0:1:2:3:4:5"}}) {
            request = fromPeer("10.0.0.5");
            request.addHeader(ClientAddress.HEADER, pair[0]);
            assertThat(ClientAddress.of(request)).as(pair[0]).isEqualTo(pair[1]);
        }
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
