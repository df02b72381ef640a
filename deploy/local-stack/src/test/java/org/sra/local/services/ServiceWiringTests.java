package org.sra.local.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sra.local.keys.KeyMaterial;

/** What each service of the local stack is started with. */
class ServiceWiringTests {

    @TempDir
    Path keys;

    @Test
    void theServicesBehindTheGatewayListenOnThisMachineOnlyAndTheGatewayEverywhere() throws Exception {
        assumeTrue(System.getenv("SRA_LOCAL_SERVICES_ADDRESS") == null, "SRA_LOCAL_SERVICES_ADDRESS is set here");
        ServiceWiring wiring = new ServiceWiring(0, "127.0.0.1:9092", 27017, 2525, "ldap://127.0.0.1:10389",
                KeyMaterial.loadOrCreate(keys));

        for (ServiceSpec service : ServiceSpec.ALL) {
            if (service.shortName().equals("gateway")) {
                // the public port everywhere; health and metrics on the management port, this machine only
                assertThat(wiring.environment(service)).doesNotContainKey("SERVER_ADDRESS")
                        .containsEntry("MANAGEMENT_SERVER_PORT", "9080")
                        .containsEntry("MANAGEMENT_SERVER_ADDRESS", "127.0.0.1");
            } else {
                assertThat(wiring.environment(service)).as(service.module()).containsEntry("SERVER_ADDRESS", "127.0.0.1")
                        .doesNotContainKey("MANAGEMENT_SERVER_PORT");
            }
        }
    }

    @Test
    void theOperatorsFirstPasswordComesFromTheDataDirectoryNotTheCode() throws Exception {
        KeyMaterial material = KeyMaterial.loadOrCreate(keys);
        ServiceWiring wiring = new ServiceWiring(0, "127.0.0.1:9092", 27017, 2525, "ldap://127.0.0.1:10389", material);
        ServiceSpec directory = ServiceSpec.ALL.stream().filter(s -> s.shortName().equals("directory")).findFirst()
                .orElseThrow();

        assertThat(wiring.environment(directory)).containsEntry("SRA_OPERATOR_INITIAL_PASSWORD",
                material.operatorInitialPassword());
    }
}
