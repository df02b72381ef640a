package org.sra.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.sra.events.secrets.SealContext;
import org.sra.kit.test.DeclaredSealContexts;

/** The contexts application.yml lists (whose keys start-up requires) are those the code seals and opens with. */
class SealContextsDeclaredTests {

    @Test
    void applicationYmlListsExactlyTheContextsThisServiceUses() {
        assertThat(DeclaredSealContexts.inMainApplicationYml()).containsExactlyInAnyOrderElementsOf(
                Stream.of(SealContext.NAS_SECRET, SealContext.LOCAL_PASSWORD).map(SealContext::contextName).toList());
    }
}
