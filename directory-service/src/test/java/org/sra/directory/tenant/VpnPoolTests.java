package org.sra.directory.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** R-SET-8: the VPN network is an IPv4 CIDR block; two tenants' blocks must not overlap. */
class VpnPoolTests {

    @Test
    void parsesTheGuidesExample() {
        VpnPool pool = VpnPool.parse("10.239.17.0/24");
        assertThat(pool.cidr()).isEqualTo("10.239.17.0/24");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10.0.0.0", "10.0.0.0/33", "10.0.0.1/24", "256.0.0.0/8", "10.0.0.0/31", "a.b.c.d/24",
            "10.0.0.0/24 ; drop"})
    void refusesWhatIsNotAUsableBlock(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> VpnPool.parse(text));
    }

    @Test
    void blocksOverlapWhenOneContainsTheOther() {
        assertThat(VpnPool.parse("10.0.0.0/16").overlaps(VpnPool.parse("10.0.5.0/24"))).isTrue();
        assertThat(VpnPool.parse("10.0.5.0/24").overlaps(VpnPool.parse("10.0.0.0/16"))).isTrue();
        assertThat(VpnPool.parse("10.0.5.0/24").overlaps(VpnPool.parse("10.0.6.0/24"))).isFalse();
        assertThat(VpnPool.parse("192.168.0.0/24").overlaps(VpnPool.parse("10.0.0.0/8"))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/8", "10.239.17.0/24", "172.16.0.0/12", "172.31.255.0/24", "192.168.0.0/16",
            "192.168.1.0/30", "100.64.0.0/10", "100.127.0.0/24"})
    void privateBlocksArePrivate(String text) {
        assertThat(VpnPool.parse(text).isPrivate()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.0/8", "0.0.0.0/8", "169.254.0.0/16", "224.0.0.0/8", "239.1.0.0/16", "8.8.8.0/24",
            "203.0.113.0/24", "172.32.0.0/16", "172.0.0.0/8", "100.128.0.0/16", "192.0.0.0/8", "96.0.0.0/8"})
    void loopbackLinkLocalMulticastAndPublicBlocksAreNot(String text) {
        assertThat(VpnPool.parse(text).isPrivate()).isFalse();
    }
}
