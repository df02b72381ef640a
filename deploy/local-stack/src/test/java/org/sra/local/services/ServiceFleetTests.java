package org.sra.local.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
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

    @Test
    void aServiceWithReplicasRunsThatManyInstancesEachWithItsOwnName() throws IOException {
        ServiceWiring wiring = new ServiceWiring(0, "127.0.0.1:9092", 27017, 2525, "ldap://127.0.0.1:10389",
                null, null, Map.of("auth-service", 2, "gateway", 3));
        ServiceFleet fleet = new ServiceFleet(REPOSITORY, REPOSITORY.resolve("data/logs"), wiring);

        assertThat(fleet.instances()).extracting(ServiceFleet.Instance::name).containsExactly("directory-service",
                "device-service", "profile-service", "auth-service", "auth-service-2", "notification-service", "gateway",
                "gateway-2", "gateway-3");
    }
}
