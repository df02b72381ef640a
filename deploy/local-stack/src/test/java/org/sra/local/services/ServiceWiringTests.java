package org.sra.local.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Map;

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

    @Test
    void eachInstanceHasItsOwnPortsAndTheGatewayIsToldEveryInstance() throws Exception {
        KeyMaterial material = KeyMaterial.loadOrCreate(keys);
        ServiceWiring wiring = new ServiceWiring(100, "127.0.0.1:9192", 27117, 2625, "ldap://127.0.0.1:10489", material,
                null, Map.of("auth-service", 2, "device-service", 2, "gateway", 2));
        ServiceSpec auth = ServiceSpec.named("auth");
        ServiceSpec gateway = ServiceSpec.named("gateway");

        assertThat(wiring.environment(auth, 1)).containsEntry("SERVER_PORT", "8284")
                .containsEntry("SRA_RADIUS_AUTH_PORT", "2012").containsEntry("SRA_RADIUS_ACCT_PORT", "2013")
                // the same store and broker as the first instance
                .containsEntry("SPRING_MONGODB_URI", "mongodb://127.0.0.1:27117/sra-auth")
                .containsEntry("SPRING_CLOUD_STREAM_KAFKA_BINDER_BROKERS", "127.0.0.1:9192");
        assertThat(wiring.environment(auth)).containsEntry("SERVER_PORT", "8184").containsEntry("SRA_RADIUS_AUTH_PORT", "1912");
        assertThat(wiring.environment(gateway, 1)).containsEntry("SERVER_PORT", "8280")
                .containsEntry("MANAGEMENT_SERVER_PORT", "9280");
        for (int instance = 0; instance < 2; instance++) {
            assertThat(wiring.environment(gateway, instance))
                    .containsEntry("SRA_GATEWAY_SERVICES_DEVICE", "http://127.0.0.1:8182")
                    .containsEntry("SRA_GATEWAY_INSTANCES_DEVICE", "http://127.0.0.1:8182,http://127.0.0.1:8282")
                    .containsEntry("SRA_GATEWAY_INSTANCES_AUTH", "http://127.0.0.1:8184,http://127.0.0.1:8284")
                    // a service running once is reached at its one address
                    .doesNotContainKey("SRA_GATEWAY_INSTANCES_PROFILE");
        }
    }
}
