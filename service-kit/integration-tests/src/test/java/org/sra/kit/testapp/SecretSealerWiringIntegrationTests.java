package org.sra.kit.testapp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.sra.kit.secrets.SecretSealer;
import org.sra.kit.test.SraIntegrationTest;

/** The kit's sealer bean is built from {@code sra.secrets.keys}, and still opens values of the previous key. */
@SraIntegrationTest
// as the HTTP tests have it: one Spring context (and one embedded Kafka broker) for all the kit's tests
@AutoConfigureTestRestTemplate
class SecretSealerWiringIntegrationTests {

    @Autowired
    SecretSealer sealer;

    @Test
    void theBeanHoldsTheConfiguredContextKeysAndThePreviousKey() {
        assertThat(sealer.keyring().describe()).isEqualTo(
                "ad-admin [1], entra-secret [1], local-password [1], nas-secret [1], profile-url [1]");
        assertThat(sealer.opensPreviousValues()).isTrue();
        assertThat(sealer.open("v1:QMCpfLdaYbHuKaHMvmJ3NimDEC3SkxOg5l6f3tW5SggUIzQ4/GPlViY=", "nas-secret:tenant-a"))
                .isEqualTo("radius-s3cret");
        assertThat(sealer.seal("x", "profile-url:tenant-a")).startsWith("v2:1:");
    }
}
