package org.sra.profile.config;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.sra.kit.secrets.SecretSealer;
import org.sra.kit.secrets.SecretSealing;
import org.sra.profile.profile.ProfileSettings;

/** Settings, the scheduler for the expiry check, and the sealer for download URLs. */
@Configuration
@EnableScheduling
@EnableConfigurationProperties(ProfileSettings.class)
class ProfileConfiguration {

    /**
     * profile-service cannot work without the key of {@code profile-url} (download URLs travel
     * sealed, R-PRO-3): fail at start-up with the kit's message that says how to make one.
     */
    @Bean
    SecretSealer secretSealer(@Value("${sra.secrets.keys:}") String keys, @Value("${sra.secrets.key:}") String legacyKey,
                              Environment environment) {
        return SecretSealing.create(keys, legacyKey, SecretSealing.contexts(environment));
    }
}
