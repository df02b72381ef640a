package org.sra.local.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceSpecTests {

    @TempDir
    Path root;

    @Test
    void listsEveryServiceWhoseJarIsMissing() throws Exception {
        ServiceSpec gateway = ServiceSpec.ALL.getLast();
        Files.createDirectories(gateway.jar(root).getParent());
        Files.writeString(gateway.jar(root), "jar");

        assertThat(ServiceSpec.missingJars(root)).extracting(ServiceSpec::module).containsExactly(
                "directory-service", "device-service", "profile-service", "auth-service", "notification-service");
    }

    @Test
    void acceptsAVersionedJarWhenTheModuleHasNoFinalName() throws Exception {
        ServiceSpec device = ServiceSpec.ALL.get(1);
        Path target = root.resolve("device-service/target");
        Files.createDirectories(target);
        Files.writeString(target.resolve("device-service-0.1.0-SNAPSHOT.jar"), "jar");
        Files.writeString(target.resolve("device-service-0.1.0-SNAPSHOT-plain.jar"), "jar");

        assertThat(device.findJar(root)).contains(target.resolve("device-service-0.1.0-SNAPSHOT.jar"));
        assertThat(device.jar(root)).isEqualTo(root.resolve("device-service/target/device-service.jar"));
    }
}
