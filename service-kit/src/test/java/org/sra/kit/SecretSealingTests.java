package org.sra.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import org.sra.kit.secrets.SecretKeyring;
import org.sra.kit.secrets.SecretSealer;
import org.sra.kit.secrets.SecretSealing;

/** A service starts only with the keys of the seal contexts it lists in {@code sra.secrets.contexts}. */
class SecretSealingTests {

    private static final byte[] MASTER = Base64.getDecoder().decode("0ydfrn7F7GB8SkNqdDCcNFxTaCjfkDpkfOpPuVHKBmg=");

    @Test
    void startsWhenEveryListedContextHasAKey() {
        String keys = SecretKeyring.derive(Map.of(1, MASTER), Set.of("nas-secret", "local-password")).format();

        SecretSealer auth = SecretSealing.create(keys, null, List.of("nas-secret", "local-password"));

        assertThat(auth.keyring().contexts()).containsExactly("local-password", "nas-secret");
        assertThat(auth.opensPreviousValues()).isFalse();
    }

    @Test
    void refusesToStartWhenAListedContextHasNoKeyNamingItButNoKey() {
        String keys = SecretKeyring.derive(Map.of(1, MASTER), Set.of("nas-secret")).format();

        assertThatThrownBy(() -> SecretSealing.create(keys, null, List.of("nas-secret", "local-password")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("[local-password]")
                .hasMessageContaining("SRA_SECRETS_KEYS").hasMessageNotContaining(keys.substring(keys.indexOf('=') + 1));
        assertThatThrownBy(() -> SecretSealing.create("", "", List.of("profile-url")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("SRA_SECRETS_KEYS");
    }

    @Test
    void thePreviousSingleKeyAloneStillStartsAService() {
        SecretSealer previous = SecretSealing.create(null, "WsOL608yiEy3ig3jpWcuYOs650yWXbxMzMRs10ngLsw=",
                List.of("profile-url"));

        assertThat(previous.keyring().isEmpty()).isTrue();
        assertThat(previous.seal("u", "profile-url:t")).startsWith("v1:");
    }

    @Test
    void theContextsAreReadAsAYamlListOrAsText() {
        assertThat(SecretSealing.contexts(new MockEnvironment().withProperty("sra.secrets.contexts", "nas-secret, local-password")))
                .containsExactly("nas-secret", "local-password");
        assertThat(SecretSealing.contexts(new MockEnvironment().withProperty("sra.secrets.contexts[0]", "profile-url")))
                .containsExactly("profile-url");
        assertThat(SecretSealing.contexts(new MockEnvironment())).isEmpty();
    }
}
