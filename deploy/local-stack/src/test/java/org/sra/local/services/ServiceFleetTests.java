package org.sra.local.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The local stack runs auth-service with the JVM options production gives it. */
class ServiceFleetTests {

    private static final Path REPOSITORY = Path.of("../..").toAbsolutePath().normalize();

    @Test
    void authServiceRunsWithProductionsJvmOptionsAndTheOthersSmall() throws IOException {
        ServiceSpec auth = ServiceSpec.ALL.stream().filter(s -> s.module().equals("auth-service")).findFirst().orElseThrow();
        String compose = Files.readString(REPOSITORY.resolve("docker-compose.yml"));
        Matcher options = Pattern.compile("(?s)\\n  auth-service:.*?JAVA_TOOL_OPTIONS: \"([^\"]+)\"").matcher(compose);
        assertThat(options.find()).as("auth-service's JAVA_TOOL_OPTIONS in docker-compose.yml").isTrue();

        assertThat(ServiceFleet.jvmOptions(auth)).containsAll(Arrays.asList(options.group(1).split("\\s+")))
                .noneMatch(option -> option.startsWith("-XX:TieredStopAtLevel"))
                .noneMatch(option -> option.equals("-XX:+UseSerialGC"));
        ServiceSpec.ALL.stream().filter(service -> service != auth).forEach(service ->
                assertThat(ServiceFleet.jvmOptions(service)).contains("-XX:TieredStopAtLevel=1"));
    }
}
