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
        assertThat(pool.usableAddresses()).isEqualTo(254);
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
}
