package org.sra.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

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
}
