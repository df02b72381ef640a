package org.sra.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.sra.kit.config.KafkaSecurity;
import org.sra.kit.config.KitDefaults;

/** The {@code sra.kafka.*} settings as Kafka client properties, for each security protocol. */
class KafkaSecurityTests {

    @Test
    void plaintextIsTheDefaultAndAddsNothing() {
        StandardEnvironment environment = prepared(Map.of());

        assertThat(KafkaSecurity.clientConfiguration(environment)).containsOnlyKeys("bootstrap.servers");
        assertThat(KafkaSecurity.Settings.from(environment).securityProtocol()).isEqualTo("PLAINTEXT");
    }

    @Test
    void saslSslWithScramBuildsTheLoginFromTheUserAndPasswordAndUsesTheTrustStore() {
        StandardEnvironment environment = prepared(Map.of(
                "sra.kafka.security-protocol", "sasl_ssl",
                "sra.kafka.username", "device-service",
                "sra.kafka.password", "p\"w\\d",
                "sra.kafka.truststore-location", "/etc/sra/kafka/ca.p12",
                "sra.kafka.truststore-password", "changeit",
                "sra.kafka.truststore-type", "PKCS12"));

        assertThat(KafkaSecurity.clientConfiguration(environment))
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"device-service\" password=\"p\\\"w\\\\d\";")
                .containsEntry("ssl.truststore.location", "/etc/sra/kafka/ca.p12")
                .containsEntry("ssl.truststore.password", "changeit")
                .containsEntry("ssl.truststore.type", "PKCS12")
                .doesNotContainKey("ssl.keystore.location");
    }

    @Test
    void mutualTlsPresentsTheServicesCertificateAndNeedsNoPassword() {
        StandardEnvironment environment = prepared(Map.of(
                "sra.kafka.security-protocol", "SSL",
                "sra.kafka.keystore-location", "/etc/sra/kafka/user.p12",
                "sra.kafka.keystore-password", "k",
                "sra.kafka.keystore-type", "PKCS12"));

        assertThat(KafkaSecurity.clientConfiguration(environment))
                .containsEntry("security.protocol", "SSL")
                .containsEntry("ssl.keystore.location", "/etc/sra/kafka/user.p12")
                .containsEntry("ssl.keystore.password", "k")
                .doesNotContainKeys("sasl.mechanism", "sasl.jaas.config");
    }

    @Test
    void aServicesOwnBinderConfigurationStillWins() {
        StandardEnvironment environment = prepared(Map.of(
                "sra.kafka.security-protocol", "SASL_SSL", "sra.kafka.username", "u", "sra.kafka.password", "p",
                "spring.cloud.stream.kafka.binder.configuration.sasl.mechanism", "SCRAM-SHA-256"));

        assertThat(KafkaSecurity.clientConfiguration(environment)).containsEntry("sasl.mechanism", "SCRAM-SHA-256");
    }

    @Test
    void incompleteOrUnknownSettingsStopTheStartWithoutRepeatingAnyValue() {
        assertThatThrownBy(() -> prepared(Map.of("sra.kafka.security-protocol", "SASL_SSL",
                "sra.kafka.password", "only-a-password")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SRA_KAFKA_USERNAME and SRA_KAFKA_PASSWORD")
                .hasMessageNotContaining("only-a-password");
        assertThatThrownBy(() -> prepared(Map.of("sra.kafka.security-protocol", "SASL_SSL",
                "sra.kafka.sasl-mechanism", "GSSAPI", "sra.kafka.username", "u", "sra.kafka.password", "p")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("SRA_KAFKA_SASL_MECHANISM");
        assertThatThrownBy(() -> prepared(Map.of("sra.kafka.security-protocol", "TLS")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("SRA_KAFKA_SECURITY_PROTOCOL");
    }

    @Test
    void theSettingsNeverShowAPassword() {
        StandardEnvironment environment = environment(Map.of("sra.kafka.security-protocol", "SASL_SSL",
                "sra.kafka.username", "auth-service", "sra.kafka.password", "s3cr3t-pw",
                "sra.kafka.truststore-password", "ts-pw", "sra.kafka.keystore-password", "ks-pw",
                "sra.kafka.key-password", "key-pw"));

        assertThat(KafkaSecurity.Settings.from(environment).toString()).contains("auth-service")
                .doesNotContain("s3cr3t-pw", "ts-pw", "ks-pw", "key-pw");
    }

    private static StandardEnvironment prepared(Map<String, Object> settings) {
        StandardEnvironment environment = environment(settings);
        new KitDefaults().postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }

    private static StandardEnvironment environment(Map<String, Object> settings) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", settings));
        return environment;
    }
}
