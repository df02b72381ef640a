package org.sra.events.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class SealContextTests {

    @Test
    void namesAreTheOnesKeysAreDerivedFor() {
        // changing a name makes every value sealed under it unopenable and every deployed key useless
        assertThat(Arrays.stream(SealContext.values()).map(SealContext::contextName))
                .containsExactly("nas-secret", "local-password", "ad-admin", "entra-secret", "profile-url");
    }

    @Test
    void aTenantsContextIsTheNameAndTheTenant() {
        assertThat(SealContext.NAS_SECRET.of("t-1")).isEqualTo("nas-secret:t-1");
        assertThat(SealContext.PROFILE_URL.of("t-2")).isEqualTo("profile-url:t-2");
    }

    @Test
    void findsAContextByItsName() {
        assertThat(SealContext.byName("local-password")).contains(SealContext.LOCAL_PASSWORD);
        assertThat(SealContext.byName("LOCAL_PASSWORD")).isEmpty();
    }
}
