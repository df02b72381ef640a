package org.sra.profile.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** R-PRO-3: an unguessable token (≥128 bits), kept only as a hash, never printed. */
class LinkTokenTests {

    @Test
    void aTokenHas256RandomBitsInUrlSafeBase64() {
        LinkToken token = LinkToken.generate();
        assertThat(token.value()).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(Base64.getUrlDecoder().decode(token.value())).hasSize(32);
        Set<String> many = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            many.add(LinkToken.generate().value());
        }
        assertThat(many).hasSize(1000);
    }

    @Test
    void onlyTheSha256HashIsKeptAndItDoesNotContainTheToken() {
        LinkToken token = LinkToken.generate();
        assertThat(token.hash()).hasSize(64).matches("[0-9a-f]+").doesNotContain(token.value());
        assertThat(LinkToken.hash(token.value())).isEqualTo(token.hash());
        assertThat(LinkToken.generate().hash()).isNotEqualTo(token.hash());
    }

    @Test
    void malformedTokensAreRecognisedWithoutALookup() {
        assertThat(LinkToken.wellFormed(LinkToken.generate().value())).isTrue();
        assertThat(LinkToken.wellFormed("short")).isFalse();
        assertThat(LinkToken.wellFormed("a".repeat(42) + "=")).isFalse();
        assertThat(LinkToken.wellFormed(null)).isFalse();
    }

    @Test
    void aTokenNeverPrintsItself() {
        LinkToken token = LinkToken.generate();
        assertThat(token.toString()).doesNotContain(token.value());
    }
}
