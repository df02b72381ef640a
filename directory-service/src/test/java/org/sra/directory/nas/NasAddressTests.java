package org.sra.directory.nas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class NasAddressTests {

    @Test
    void anAddressOrABlockIsAccepted() {
        assertThat(NasAddress.parse("203.0.113.10").text()).isEqualTo("203.0.113.10");
        assertThat(NasAddress.parse("203.0.113.0/28").text()).isEqualTo("203.0.113.0/28");
        assertThat(NasAddress.parse("203.0.113.10/32").text()).isEqualTo("203.0.113.10");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "asa.example.com", "203.0.113", "203.0.113.256", "203.0.113.1/28", "203.0.113.0/4",
            "2001:db8::1", "010.0.0.1"})
    void anythingElseIsRefused(String text) {
        assertThatThrownBy(() -> NasAddress.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAddressInsideARegisteredBlockOverlapsIt() {
        assertThat(NasAddress.parse("203.0.113.5").overlaps(NasAddress.parse("203.0.113.0/28"))).isTrue();
        assertThat(NasAddress.parse("203.0.113.16").overlaps(NasAddress.parse("203.0.113.0/28"))).isFalse();
    }
}
