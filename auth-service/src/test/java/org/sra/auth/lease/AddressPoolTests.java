package org.sra.auth.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** R-SET-8: the tenant's VPN network is the pool clients get addresses from. */
class AddressPoolTests {

    @Test
    void aSlash24HandsOutHostsTwoTo254AndKeepsTheFirstHostForTheHeadend() {
        AddressPool pool = AddressPool.parse("10.239.17.0/24");
        assertThat(pool.size()).isEqualTo(253);
        assertThat(pool.address(0)).isEqualTo("10.239.17.2");
        assertThat(pool.address(252)).isEqualTo("10.239.17.254");
        assertThat(pool.netmask()).isEqualTo("255.255.255.0");
        assertThat(pool.contains("10.239.17.77")).isTrue();
        assertThat(pool.contains("10.239.18.1")).isFalse();
    }

    @Test
    void aHostPartIsIgnoredAndTinyPoolsHaveRoomForFewOrNone() {
        assertThat(AddressPool.parse("10.0.0.7/30").address(0)).isEqualTo("10.0.0.6");
        assertThat(AddressPool.parse("10.0.0.0/30").size()).isEqualTo(1);
        assertThat(AddressPool.parse("10.0.0.0/31").size()).isZero();
    }

    @Test
    void onlyIpv4CidrBlocksArePools() {
        assertThatThrownBy(() -> AddressPool.parse("10.0.0.0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AddressPool.parse("2001:db8::/64")).isInstanceOf(IllegalArgumentException.class);
    }
}
