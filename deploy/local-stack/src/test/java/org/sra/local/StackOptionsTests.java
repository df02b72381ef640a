package org.sra.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.sra.local.services.ServiceSpec;

class StackOptionsTests {

    @Test
    void defaultsToTheWorkingDirectoryAndItsDataFolderOnTheStandardPorts() {
        StackOptions options = StackOptions.parse();

        assertThat(options.root()).isEqualTo(Path.of("").toAbsolutePath());
        assertThat(options.data()).isEqualTo(Path.of("data").toAbsolutePath());
        assertThat(options.ports().kafka()).isEqualTo(9092);
        assertThat(options.ports().mongo()).isEqualTo(27017);
        assertThat(options.readyTimeout()).isEqualTo(Duration.ofSeconds(180));
        assertThat(options.infraOnly()).isFalse();
    }

    @Test
    void thePortOffsetMovesEveryPort() {
        Ports ports = StackOptions.parse("--port-offset", "20000").ports();

        assertThat(ports.all(true)).containsEntry("Kafka", 29092).containsEntry("Kafka controller", 29093)
                .containsEntry("MongoDB", 47017).containsEntry("SMTP", 22525).containsEntry("mail page", 28025)
                .containsEntry("LDAP", 30389).containsEntry("gateway", 28080).containsEntry("gateway management", 29080)
                .containsEntry("auth-service", 28084);
    }

    @Test
    void acceptsOptionsWithSpaceOrEqualsSign() {
        StackOptions options = StackOptions.parse("--data=/tmp/sra-data", "--root", "/tmp/repo", "--ready-timeout=60",
                "--infra-only");

        assertThat(options.data()).isEqualTo(Path.of("/tmp/sra-data"));
        assertThat(options.root()).isEqualTo(Path.of("/tmp/repo"));
        assertThat(options.readyTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(options.infraOnly()).isTrue();
    }

    @Test
    void refusesWhatItDoesNotUnderstand() {
        assertThatThrownBy(() -> StackOptions.parse("--colour")).hasMessageContaining("unknown option --colour");
        assertThatThrownBy(() -> StackOptions.parse("--port-offset")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> StackOptions.parse("--port-offset", "many")).hasMessageContaining("needs a number");
        assertThatThrownBy(() -> StackOptions.parse("--port-offset", "40000")).hasMessageContaining("between 0 and 30000");
    }

    @Test
    void replicasStartInstancesOnTheServicesPortsPlusAHundredEach() {
        StackOptions options = StackOptions.parse("--port-offset", "20000", "--replicas",
                "auth-service=2,device-service=3,gateway=2");
        Ports ports = options.ports();
        ServiceSpec auth = ServiceSpec.named("auth-service");
        ServiceSpec gateway = ServiceSpec.named("gateway");

        assertThat(options.replicas(auth)).isEqualTo(2);
        assertThat(options.replicas(ServiceSpec.named("profile-service"))).isEqualTo(1);
        assertThat(ports.service(auth, 1)).isEqualTo(28184);
        assertThat(ports.radiusAuth(0)).isEqualTo(21812);
        assertThat(ports.radiusAuth(1)).isEqualTo(21912);
        assertThat(ports.radiusAcct(1)).isEqualTo(21913);
        assertThat(ports.management(gateway, 1)).isEqualTo(29180);
        // every instance's port is checked free before the start
        assertThat(ports.all(true)).containsEntry("auth-service", 28084).containsEntry("auth-service-2", 28184)
                .containsEntry("device-service-3", 28282).containsEntry("gateway-2", 28180)
                .containsEntry("gateway-2 management", 29180).doesNotContainKey("profile-service-2");
        assertThat(Set.copyOf(ports.all(true).values())).as("no port used twice")
                .hasSize(ports.all(true).size());
    }

    @Test
    void replicasComeFromTheSystemPropertyTooAndTheCommandLineWins() {
        System.setProperty("sra.replicas", "notification-service=2");
        try {
            assertThat(StackOptions.parse().replicas()).containsExactly(Map.entry("notification-service", 2));
            assertThat(StackOptions.parse("--replicas=profile-service=2").replicas())
                    .containsExactly(Map.entry("profile-service", 2));
        } finally {
            System.clearProperty("sra.replicas");
        }
        assertThat(StackOptions.parse().replicas()).isEmpty();
    }

    @Test
    void refusesReplicasOfAnUnknownServiceOrOutsideOneToNine() {
        assertThatThrownBy(() -> StackOptions.parse("--replicas", "radius=2"))
                .hasMessageContaining("--replicas: no service radius").hasMessageContaining("auth-service");
        assertThatThrownBy(() -> StackOptions.parse("--replicas", "auth-service=10"))
                .hasMessageContaining("auth-service must run 1 to 9 times, not 10");
        assertThatThrownBy(() -> StackOptions.parse("--replicas", "auth-service=0")).hasMessageContaining("not 0");
        assertThatThrownBy(() -> StackOptions.parse("--replicas", "auth-service")).hasMessageContaining("service=count");
        assertThatThrownBy(() -> StackOptions.parse("--replicas", "auth-service=two")).hasMessageContaining("needs a number");
    }
}
