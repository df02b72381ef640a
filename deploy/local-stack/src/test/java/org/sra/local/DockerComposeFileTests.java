package org.sra.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The deployment files nobody can run here (no Docker engine, no cluster) still have to hold
 * together: {@code docker-compose.yml} at the repository root and the Kubernetes manifests in
 * {@code deploy/k8s}. These tests read them the way compose and kubectl would and check what a
 * typo would silently break: a service that never starts, a health check on the wrong port, two
 * services sharing a database, a probe on a path that does not exist.
 */
class DockerComposeFileTests {

    /** Tests run with the module directory (deploy/local-stack) as working directory. */
    private static final Path REPOSITORY = Path.of("../..");

    private static final Path COMPOSE_FILE = REPOSITORY.resolve("docker-compose.yml");

    /** The kustomize base the dev and prod overlays build on (KubernetesManifestsTests checks what they render). */
    private static final Path K8S_DIRECTORY = REPOSITORY.resolve("deploy/k8s/base");

    private static final String DOCKERFILE = "deploy/docker/Dockerfile";

    /** The six services (Maven module names) and the HTTP port each one serves on. */
    private static final Map<String, Integer> SERVICE_PORTS = Map.of(
            "gateway", 8080,
            "directory-service", 8081,
            "device-service", 8082,
            "profile-service", 8083,
            "auth-service", 8084,
            "notification-service", 8085);

    private static final List<String> INFRASTRUCTURE = List.of("kafka", "mongo", "mailpit", "ldap");

    private static final Pattern HEALTH_URL = Pattern.compile("http://(?:localhost|127\\.0\\.0\\.1):(\\d+)(/\\S*)");

    private static Map<String, Object> composeServices;

    private static Map<String, Object> compose;

    @BeforeAll
    static void readComposeFile() throws IOException {
        assertThat(COMPOSE_FILE).as("docker-compose.yml at the repository root").isRegularFile();
        try (Reader reader = Files.newBufferedReader(COMPOSE_FILE)) {
            compose = map(yaml().load(reader), "docker-compose.yml");
        }
        composeServices = map(compose.get("services"), "services");
    }

    // ---- docker-compose.yml --------------------------------------------------------------------------

    @Test
    void everyServiceIsBuiltFromTheSharedDockerfileForItsOwnModule() throws IOException {
        assertThat(REPOSITORY.resolve(DOCKERFILE)).isRegularFile();
        Set<String> modules = rootPomModules();
        assertSoftly(softly -> SERVICE_PORTS.keySet().forEach(name -> {
            Map<String, Object> build = map(service(name).get("build"), name + ".build");
            softly.assertThat(Path.of(String.valueOf(build.get("context"))).normalize())
                .as("%s builds from the repository root", name)
                .isEqualTo(Path.of(""));
            softly.assertThat(build.get("dockerfile")).as("%s Dockerfile", name).isEqualTo(DOCKERFILE);
            Map<String, Object> args = map(build.get("args"), name + ".build.args");
            softly.assertThat(args.get("SERVICE")).as("%s SERVICE build arg", name).isEqualTo(name);
            softly.assertThat(modules).as("modules of the root pom").contains(name);
        }));
    }

    @Test
    void theSharedDockerfileRunsTheModulesJarAsANonRootUserWithAReadinessCheck() throws IOException {
        List<String> lines = Files.readAllLines(REPOSITORY.resolve(DOCKERFILE)).stream().map(String::strip).toList();
        assertThat(lines).contains("ARG SERVICE");
        assertThat(lines).anyMatch(line -> line.startsWith("COPY --from=build")
                && line.contains("${SERVICE}/target/${SERVICE}.jar"));
        assertThat(lines).anyMatch(line -> line.startsWith("USER ") && !line.matches("USER (root|0)(:.*)?"));
        assertThat(String.join("\n", lines)).contains("HEALTHCHECK").contains("/actuator/health/readiness");
        assertThat(lines).anyMatch(line -> line.startsWith("ENTRYPOINT") && line.contains("-XX:MaxRAMPercentage=75"));
    }

    @Test
    void kafkaMongoMailpitAndLdapRunNextToTheServices() {
        assertThat(composeServices).containsKeys(INFRASTRUCTURE.toArray(String[]::new));
        assertThat(service("kafka").get("image")).asString().startsWith("apache/kafka:");
        assertThat(service("mongo").get("image")).asString().startsWith("mongo:");
        assertThat(list(service("mongo").get("command"), "mongo.command")).containsSequence("--replSet", "rs0");
        assertThat(service("mailpit").get("image")).asString().startsWith("axllent/mailpit");
        assertThat(service("ldap").get("image")).asString().contains("openldap");
    }

    @Test
    void everyContainerHasAHealthCheck() {
        assertThat(composeServices.keySet()).containsAll(SERVICE_PORTS.keySet()).containsAll(INFRASTRUCTURE);
        assertSoftly(softly -> composeServices.keySet().forEach(name -> {
            Object healthcheck = service(name).get("healthcheck");
            softly.assertThat(healthcheck).as("%s healthcheck", name).isInstanceOf(Map.class);
            if (healthcheck instanceof Map<?, ?> check) {
                softly.assertThat(check.get("disable")).as("%s healthcheck disabled", name).isNotEqualTo(true);
                softly.assertThat(healthcheckCommand(name)).as("%s healthcheck test", name)
                    .isNotBlank()
                    .doesNotStartWith("NONE");
            }
        }));
    }

    @Test
    void everyServiceWaitsForHealthyKafkaAndMongo() {
        assertSoftly(softly -> SERVICE_PORTS.keySet().forEach(name -> softly
            .assertThat(healthyDependencies(name))
            .as("%s depends_on with condition service_healthy", name)
            .contains("kafka", "mongo")));
        assertThat(healthyDependencies("notification-service")).contains("mailpit");
        assertThat(healthyDependencies("directory-service")).contains("ldap");
    }

    @Test
    void gatewayStartsOnlyOnceTheOtherFiveServicesAreHealthy() {
        Set<String> others = new TreeSet<>(SERVICE_PORTS.keySet());
        others.remove("gateway");
        assertThat(healthyDependencies("gateway")).containsAll(others);
    }

    @Test
    void onlyTheGatewayMailpitUiAndRadiusArePublished() {
        Map<String, Set<String>> published = new TreeMap<>();
        composeServices.keySet().forEach(name -> {
            Set<String> ports = publishedPorts(name);
            if (!ports.isEmpty()) {
                published.put(name, ports);
            }
        });
        assertThat(published).isEqualTo(Map.of(
                "gateway", Set.of("8080/tcp"),
                "mailpit", Set.of("8025/tcp"),
                "auth-service", Set.of("1812/udp", "1813/udp")));
    }

    @Test
    void eachServiceListensOnThePortItsHealthCheckProbes() {
        assertSoftly(softly -> SERVICE_PORTS.forEach((name, port) -> {
            Map<String, Object> environment = environment(name);
            softly.assertThat(String.valueOf(environment.get("SERVER_PORT"))).as("%s SERVER_PORT", name)
                .isEqualTo(String.valueOf(port));
            Matcher url = HEALTH_URL.matcher(healthcheckCommand(name));
            boolean probesLocalUrl = url.find();
            softly.assertThat(probesLocalUrl).as("%s healthcheck probes a local URL: %s", name, healthcheckCommand(name))
                .isTrue();
            if (probesLocalUrl) {
                // the actuator's port: MANAGEMENT_SERVER_PORT where set (the gateway), else SERVER_PORT
                Object actuatorPort = environment.getOrDefault("MANAGEMENT_SERVER_PORT", environment.get("SERVER_PORT"));
                softly.assertThat(url.group(1)).as("%s healthcheck port", name)
                    .isEqualTo(String.valueOf(actuatorPort));
                softly.assertThat(url.group(2)).as("%s healthcheck path", name)
                    .isEqualTo("/actuator/health/readiness");
            }
            Object buildPort = map(map(service(name).get("build"), name + ".build").get("args"), name + ".args")
                .get("SERVER_PORT");
            if (buildPort != null) {
                softly.assertThat(String.valueOf(buildPort)).as("%s image SERVER_PORT", name)
                    .isEqualTo(String.valueOf(port));
            }
        }));
    }

    @Test
    void eachServiceOwnsItsOwnDatabaseInTheReplicaSet() {
        Map<String, String> databases = new TreeMap<>();
        assertSoftly(softly -> SERVICE_PORTS.keySet().forEach(name -> {
            String uri = String.valueOf(environment(name).get("SPRING_MONGODB_URI"));
            softly.assertThat(uri).as("%s SPRING_MONGODB_URI", name)
                .startsWith("mongodb://mongo:27017/")
                .contains("replicaSet=rs0");
            URI parsed = URI.create(uri);
            String database = parsed.getPath() == null ? "" : parsed.getPath().replaceFirst("^/", "");
            softly.assertThat(database).as("%s database", name).isNotBlank();
            databases.put(name, database);
        }));
        assertThat(new HashSet<>(databases.values())).as("one database per service: %s", databases)
            .hasSameSizeAs(SERVICE_PORTS.keySet());
    }

    @Test
    void gatewayRoutesToEachServiceByItsComposeNameAndPort() {
        Map<String, Object> environment = environment("gateway");
        assertSoftly(softly -> SERVICE_PORTS.forEach((name, port) -> {
            if (!name.equals("gateway")) {
                String variable = "SRA_GATEWAY_SERVICES_" + name.replace("-service", "").toUpperCase();
                softly.assertThat(environment.get(variable)).as(variable)
                    .isEqualTo("http://" + name + ":" + port);
            }
        }));
    }

    @Test
    void everyServiceGetsTheBrokerTheVerificationKeyAndItsOwnSealKeysFromOutside() {
        assertSoftly(softly -> SERVICE_PORTS.keySet().forEach(name -> {
            Map<String, Object> environment = environment(name);
            softly.assertThat(environment.get("SPRING_CLOUD_STREAM_KAFKA_BINDER_BROKERS")).as("%s brokers", name)
                .isEqualTo("kafka:9092");
            softly.assertThat(environment.get("SRA_SECURITY_JWT_PUBLIC_KEY_LOCATION")).as("%s public key", name)
                .isEqualTo("file:/run/secrets/jwt-public.pem");
            // Interpolated from the environment: no key material in the file; each service only the
            // keys of the seal contexts it uses, none for those that seal nothing
            String keys = "SRA_SECRETS_KEYS_" + name.replace("-service", "").toUpperCase();
            if (name.equals("device-service") || name.equals("gateway")) {
                softly.assertThat(environment).as("%s seals nothing", name).doesNotContainKeys("SRA_SECRETS_KEYS",
                        "SRA_SECRETS_KEY");
            }
            else {
                softly.assertThat(String.valueOf(environment.get("SRA_SECRETS_KEYS"))).as("%s SRA_SECRETS_KEYS", name)
                    .startsWith("${" + keys + ":?");
                softly.assertThat(environment).as("%s: no single key for everything", name)
                    .doesNotContainKey("SRA_SECRETS_KEY");
            }
            List<Object> secrets = list(service(name).get("secrets"), name + ".secrets");
            softly.assertThat(secrets).as("%s secrets", name).contains("jwt-public.pem");
            if (name.equals("directory-service")) {
                softly.assertThat(secrets).as("the token issuer's secrets").contains("jwt-private.pem");
                softly.assertThat(environment.get("SRA_SECURITY_JWT_PRIVATE_KEY_LOCATION"))
                    .isEqualTo("file:/run/secrets/jwt-private.pem");
            }
            else {
                softly.assertThat(secrets).as("%s must not see the signing key", name).doesNotContain("jwt-private.pem");
            }
        }));
        Map<String, Object> notification = environment("notification-service");
        assertThat(notification.get("SPRING_MAIL_HOST")).isEqualTo("mailpit");
        assertThat(String.valueOf(notification.get("SPRING_MAIL_PORT"))).isEqualTo("1025");
    }

    @Test
    void keyFilesComeFromTheGitIgnoredSecretsFolder() throws IOException {
        Map<String, Object> secrets = map(compose.get("secrets"), "secrets");
        assertThat(secrets).containsKeys("jwt-private.pem", "jwt-public.pem");
        secrets.forEach((name, definition) -> assertThat(map(definition, name).get("file")).as(name)
            .isEqualTo("./deploy/secrets/" + name));
        assertThat(Files.readAllLines(REPOSITORY.resolve("deploy/secrets/.gitignore"))).contains("*", "!.gitignore");
    }

    // ---- deploy/k8s ----------------------------------------------------------------------------------

    @Test
    void everyDeploymentProbesTheActuatorHealthGroupsOnAPortItDeclares() throws IOException {
        List<Map<String, Object>> deployments = manifests("Deployment");
        assertThat(deployments).isNotEmpty();
        assertSoftly(softly -> deployments.forEach(deployment -> {
            String name = name(deployment);
            for (Map<String, Object> container : containers(deployment)) {
                for (var probe : Map.of("livenessProbe", "/actuator/health/liveness", "readinessProbe",
                        "/actuator/health/readiness").entrySet()) {
                    Map<String, Object> httpGet = map(map(container.get(probe.getKey()), name + " " + probe.getKey())
                        .get("httpGet"), name + " " + probe.getKey() + ".httpGet");
                    softly.assertThat(httpGet.get("path")).as("%s %s path", name, probe.getKey())
                        .isEqualTo(probe.getValue());
                    softly.assertThat(containerPort(container, httpGet.get("port"), "TCP"))
                        .as("%s %s port %s is a declared container port", name, probe.getKey(), httpGet.get("port"))
                        .isNotNull();
                }
            }
        }));
    }

    @Test
    void everyServiceTargetsAPortItsDeploymentDeclares() throws IOException {
        List<Map<String, Object>> deployments = manifests("Deployment");
        List<Map<String, Object>> services = manifests("Service");
        assertThat(services).isNotEmpty();
        assertSoftly(softly -> services.forEach(service -> {
            String name = name(service);
            Map<String, Object> spec = map(service.get("spec"), name + ".spec");
            Map<String, Object> selector = map(spec.get("selector"), name + ".spec.selector");
            List<Map<String, Object>> selected = deployments.stream()
                .filter(deployment -> podLabels(deployment).entrySet().containsAll(selector.entrySet()))
                .toList();
            softly.assertThat(selected).as("Deployments selected by Service %s", name).hasSize(1);
            if (selected.size() != 1) {
                return;
            }
            Map<String, Object> container = containers(selected.get(0)).get(0);
            for (Object entry : list(spec.get("ports"), name + ".spec.ports")) {
                Map<String, Object> port = map(entry, name + " port");
                String protocol = String.valueOf(port.getOrDefault("protocol", "TCP"));
                Object targetPort = port.getOrDefault("targetPort", port.get("port"));
                softly.assertThat(containerPort(container, targetPort, protocol))
                    .as("Service %s targetPort %s/%s is a port of %s", name, targetPort, protocol,
                            name(selected.get(0)))
                    .isNotNull();
            }
        }));
    }

    @Test
    void eachSraServiceHasADeploymentAndAServiceOnItsPort() throws IOException {
        Map<String, Map<String, Object>> deployments = byName(manifests("Deployment"));
        Map<String, Map<String, Object>> services = byName(manifests("Service"));
        assertSoftly(softly -> SERVICE_PORTS.forEach((name, port) -> {
            softly.assertThat(deployments).as("Deployments").containsKey(name);
            softly.assertThat(services).as("Services").containsKey(name);
            if (!deployments.containsKey(name) || !services.containsKey(name)) {
                return;
            }
            Map<String, Object> container = containers(deployments.get(name)).get(0);
            softly.assertThat(containerPort(container, "http", "TCP")).as("%s container port http", name)
                .isEqualTo(port);
            softly.assertThat(envValue(container, "SERVER_PORT")).as("%s SERVER_PORT", name)
                .isEqualTo(String.valueOf(port));
            Map<String, Object> servicePort = map(
                    list(map(services.get(name).get("spec"), name).get("ports"), name + " ports").get(0), name);
            softly.assertThat(servicePort.get("port")).as("%s Service port (the gateway's URLs use it)", name)
                .isEqualTo(port);
            softly.assertThat(containerPort(container, servicePort.get("targetPort"), "TCP"))
                .as("%s Service targetPort", name)
                .isEqualTo(port);
        }));
    }

    @Test
    void everyDeploymentIsReplicatedHardenedAndScraped() throws IOException {
        List<Map<String, Object>> deployments = manifests("Deployment");
        Map<String, Map<String, Object>> autoscalers = new TreeMap<>();
        manifests("HorizontalPodAutoscaler").forEach(hpa -> autoscalers.put(
                String.valueOf(map(map(hpa.get("spec"), "spec").get("scaleTargetRef"), "scaleTargetRef").get("name")), hpa));
        assertSoftly(softly -> deployments.forEach(deployment -> {
            String name = name(deployment);
            Map<String, Object> spec = map(deployment.get("spec"), name + ".spec");
            Map<String, Object> podSpec = map(podTemplate(deployment).get("spec"), name + ".template.spec");
            Map<String, Object> metadata = map(podTemplate(deployment).get("metadata"), name + ".template.metadata");
            // the autoscaler owns the count (a replicas field would be reset by every apply)
            softly.assertThat(spec).as("%s replicas", name).doesNotContainKey("replicas");
            softly.assertThat(autoscalers.get(name)).as("%s HorizontalPodAutoscaler", name).isNotNull();
            if (autoscalers.get(name) != null) {
                softly.assertThat((Integer) map(autoscalers.get(name).get("spec"), name).get("minReplicas"))
                    .as("%s minReplicas", name).isGreaterThanOrEqualTo(2);
            }
            softly.assertThat(podSpec).as("%s pod spec", name).containsKey("terminationGracePeriodSeconds");
            softly.assertThat(map(podSpec.get("securityContext"), name + " pod securityContext"))
                .as("%s pod securityContext", name)
                .containsEntry("runAsNonRoot", true);
            softly.assertThat(map(metadata.get("annotations"), name + " annotations"))
                .as("%s Prometheus annotations", name)
                .containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/path", "/actuator/prometheus");
            for (Map<String, Object> container : containers(deployment)) {
                softly.assertThat(map(container.get("securityContext"), name + " securityContext"))
                    .as("%s container securityContext", name)
                    .containsEntry("readOnlyRootFilesystem", true)
                    .containsEntry("allowPrivilegeEscalation", false);
                softly.assertThat(map(map(container.get("resources"), name + " resources").get("limits"), name + " limits"))
                    .as("%s resource limits", name)
                    .containsKey("memory");
            }
        }));
    }

    @Test
    void theGatewaysActuatorIsOnItsManagementPortAndNeverOnThePublicOne() throws IOException {
        // compose: the health check on the management port, which is not published
        assertThat(String.valueOf(environment("gateway").get("MANAGEMENT_SERVER_PORT"))).isEqualTo("9080");
        assertThat(healthcheckCommand("gateway")).contains("http://localhost:9080/actuator/health/readiness");
        assertThat(publishedPorts("gateway")).containsExactly("8080/tcp");
        // k8s: probes and the Prometheus annotation on the management port, which the Service leaves out
        Map<String, Object> deployment = byName(manifests("Deployment")).get("gateway");
        Map<String, Object> container = containers(deployment).get(0);
        assertThat(envValue(container, "MANAGEMENT_SERVER_PORT")).isEqualTo("9080");
        assertThat(containerPort(container, "management", "TCP")).isEqualTo(9080);
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            assertThat(map(map(container.get(probe), probe).get("httpGet"), probe + ".httpGet").get("port"))
                .as(probe).isEqualTo("management");
        }
        assertThat(map(map(podTemplate(deployment).get("metadata"), "metadata").get("annotations"), "annotations"))
            .containsEntry("prometheus.io/port", "9080");
        Map<String, Object> service = byName(manifests("Service")).get("gateway");
        assertThat(list(map(service.get("spec"), "spec").get("ports"), "ports"))
            .extracting(port -> map(port, "port").get("targetPort")).containsExactly(8080);
    }

    @Test
    void radiusReachesAuthServiceThroughAUdpLoadBalancerThatKeepsTheClientAddress() throws IOException {
        Map<String, Object> radius = manifests("Service").stream()
            .filter(service -> list(map(service.get("spec"), "spec").get("ports"), "ports").stream()
                .anyMatch(port -> "UDP".equals(map(port, "port").get("protocol"))))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no UDP Service for RADIUS"));
        Map<String, Object> spec = map(radius.get("spec"), "spec");
        assertThat(spec).containsEntry("type", "LoadBalancer")
            .containsEntry("sessionAffinity", "ClientIP")
            .containsEntry("externalTrafficPolicy", "Local");
        assertThat(map(spec.get("selector"), "selector")).containsEntry("app.kubernetes.io/name", "auth-service");
        assertThat(list(spec.get("ports"), "ports")).extracting(port -> map(port, "port").get("port"))
            .containsExactlyInAnyOrder(1812, 1813);
    }

    /**
     * Reads the NetworkPolicies as the API server would combine them (a pod is reachable on what
     * any policy selecting it allows) and checks who may reach each Deployment's ports: from
     * anywhere only the gateway's HTTP port and auth-service's RADIUS ports; every other port only
     * from the gateway's pods or the monitoring namespace.
     */
    @Test
    void networkPoliciesLetOnlyTheGatewayAndRadiusInFromOutside() throws IOException {
        List<Map<String, Object>> policies = manifests("NetworkPolicy");
        assertThat(policies).as("NetworkPolicies").isNotEmpty();
        assertThat(policies).as("a default deny for every pod").anySatisfy(policy -> {
            Map<String, Object> spec = map(policy.get("spec"), "spec");
            assertThat(map(spec.get("podSelector"), "podSelector")).isEmpty();
            assertThat(spec.get("ingress")).isNull();
        });
        Map<String, List<String>> openToAll = new TreeMap<>();
        for (Map<String, Object> deployment : manifests("Deployment")) {
            Map<String, Object> labels = podLabels(deployment);
            for (Map<String, Object> policy : policies) {
                Map<String, Object> spec = map(policy.get("spec"), "spec");
                if (!selects(map(spec.get("podSelector"), "podSelector"), labels)) {
                    continue;
                }
                for (Object rule : spec.get("ingress") == null ? List.of() : list(spec.get("ingress"), "ingress")) {
                    Map<String, Object> ingress = map(rule, "ingress rule");
                    if (ingress.get("from") != null) {
                        for (Object peer : list(ingress.get("from"), "from")) {
                            Map<String, Object> from = map(peer, "peer");
                            boolean gateway = from.get("podSelector") != null && "gateway".equals(map(map(from.get(
                                    "podSelector"), "podSelector").get("matchLabels"), "matchLabels")
                                    .get("app.kubernetes.io/name"));
                            boolean monitoring = from.get("namespaceSelector") != null;
                            assertThat(gateway || monitoring).as("%s: peer %s", name(policy), from).isTrue();
                        }
                        continue;
                    }
                    Object ports = ingress.get("ports");
                    assertThat(ports).as("%s opens every port of %s to everyone", name(policy), name(deployment))
                            .isNotNull();
                    for (Object entry : list(ports, "ports")) {
                        Map<String, Object> port = map(entry, "port");
                        Object declared = containerPort(containers(deployment).get(0), port.get("port"),
                                String.valueOf(port.getOrDefault("protocol", "TCP")));
                        assertThat(declared).as("%s port %s is a port of %s", name(policy), port, name(deployment))
                                .isNotNull();
                        openToAll.computeIfAbsent(name(deployment), d -> new ArrayList<>())
                                .add(port.get("port") + "/" + port.getOrDefault("protocol", "TCP"));
                    }
                }
            }
        }
        assertThat(openToAll).isEqualTo(Map.of("gateway", List.of("http/TCP"),
                "auth-service", List.of("radius-auth/UDP", "radius-acct/UDP")));
    }

    private static boolean selects(Map<String, Object> selector, Map<String, Object> labels) {
        Object matchLabels = selector.get("matchLabels");
        if (matchLabels != null && !labels.entrySet().containsAll(map(matchLabels, "matchLabels").entrySet())) {
            return false;
        }
        Object expressions = selector.get("matchExpressions");
        for (Object entry : expressions == null ? List.of() : list(expressions, "matchExpressions")) {
            Map<String, Object> expression = map(entry, "expression");
            boolean in = list(expression.get("values"), "values").contains(labels.get(expression.get("key")));
            if ("In".equals(expression.get("operator")) != in) {
                return false;
            }
        }
        return true;
    }

    @Test
    void kustomizationAppliesEveryManifestButNeverTheSecretTemplate() throws IOException {
        Map<String, Object> kustomization;
        try (Reader reader = Files.newBufferedReader(K8S_DIRECTORY.resolve("kustomization.yaml"))) {
            kustomization = map(yaml().load(reader), "kustomization.yaml");
        }
        List<Object> resources = list(kustomization.get("resources"), "resources");
        Map<String, Boolean> holdsASecret = new TreeMap<>();
        for (Path file : manifestFiles()) {
            String fileName = file.getFileName().toString();
            if (!fileName.equals("kustomization.yaml")) {
                holdsASecret.put(fileName,
                        documents(file).stream().anyMatch(document -> "Secret".equals(document.get("kind"))));
            }
        }
        assertSoftly(softly -> {
            holdsASecret.forEach((fileName, secret) -> {
                if (secret) {
                    softly.assertThat(resources).as("Secret template %s must never be applied", fileName)
                        .doesNotContain(fileName);
                }
                else {
                    softly.assertThat(resources).as("kustomization resources").contains(fileName);
                }
            });
            resources.forEach(resource -> softly.assertThat(K8S_DIRECTORY.resolve(String.valueOf(resource)))
                .as("resource %s", resource)
                .isRegularFile());
        });
    }

    // ---- reading compose ------------------------------------------------------------------------------

    private static Map<String, Object> service(String name) {
        assertThat(composeServices).as("compose services").containsKey(name);
        return map(composeServices.get(name), name);
    }

    private static Map<String, Object> environment(String name) {
        return map(service(name).get("environment"), name + ".environment");
    }

    private static String healthcheckCommand(String name) {
        Object test = map(service(name).get("healthcheck"), name + ".healthcheck").get("test");
        if (test instanceof List<?> parts) {
            return String.join(" ", parts.stream().map(String::valueOf).toList());
        }
        return String.valueOf(test);
    }

    /** Dependencies declared with {@code condition: service_healthy}. */
    private static Set<String> healthyDependencies(String name) {
        Object dependsOn = service(name).get("depends_on");
        assertThat(dependsOn).as("%s depends_on is the long form with conditions", name).isInstanceOf(Map.class);
        Set<String> healthy = new TreeSet<>();
        map(dependsOn, name + ".depends_on").forEach((dependency, definition) -> {
            if ("service_healthy".equals(map(definition, dependency).get("condition"))) {
                healthy.add(dependency);
            }
        });
        return healthy;
    }

    /** Host ports as {@code port/protocol}, from short ({@code [ip:]host:container[/proto]}) or long syntax. */
    private static Set<String> publishedPorts(String name) {
        Object ports = service(name).get("ports");
        if (ports == null) {
            return Set.of();
        }
        Set<String> published = new TreeSet<>();
        for (Object port : list(ports, name + ".ports")) {
            if (port instanceof Map<?, ?> longSyntax) {
                published.add(longSyntax.get("published") + "/" + Objects.requireNonNullElse(longSyntax.get("protocol"), "tcp"));
            }
            else {
                String[] mappingAndProtocol = String.valueOf(port).split("/");
                String protocol = mappingAndProtocol.length > 1 ? mappingAndProtocol[1] : "tcp";
                String[] parts = mappingAndProtocol[0].split(":");
                String hostPort = parts.length >= 2 ? parts[parts.length - 2] : parts[0];
                published.add(hostPort + "/" + protocol);
            }
        }
        return published;
    }

    private static Set<String> rootPomModules() throws IOException {
        Matcher module = Pattern.compile("<module>([^<]+)</module>")
            .matcher(Files.readString(REPOSITORY.resolve("pom.xml")));
        Set<String> modules = new TreeSet<>();
        while (module.find()) {
            modules.add(module.group(1).trim());
        }
        return modules;
    }

    // ---- reading Kubernetes manifests -----------------------------------------------------------------

    private static List<Path> manifestFiles() throws IOException {
        assertThat(K8S_DIRECTORY).isDirectory();
        try (Stream<Path> files = Files.list(K8S_DIRECTORY)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".yaml")).sorted().toList();
        }
    }

    private static List<Map<String, Object>> documents(Path file) throws IOException {
        List<Map<String, Object>> documents = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file)) {
            for (Object document : yaml().loadAll(reader)) {
                if (document != null) {
                    documents.add(map(document, file.getFileName().toString()));
                }
            }
        }
        return documents;
    }

    private static List<Map<String, Object>> manifests(String kind) throws IOException {
        List<Map<String, Object>> manifests = new ArrayList<>();
        for (Path file : manifestFiles()) {
            documents(file).stream().filter(document -> kind.equals(document.get("kind"))).forEach(manifests::add);
        }
        return manifests;
    }

    private static Map<String, Map<String, Object>> byName(List<Map<String, Object>> manifests) {
        Map<String, Map<String, Object>> byName = new TreeMap<>();
        manifests.forEach(manifest -> byName.put(name(manifest), manifest));
        return byName;
    }

    private static String name(Map<String, Object> manifest) {
        return String.valueOf(map(manifest.get("metadata"), "metadata").get("name"));
    }

    private static Map<String, Object> podTemplate(Map<String, Object> deployment) {
        return map(map(deployment.get("spec"), name(deployment) + ".spec").get("template"),
                name(deployment) + ".spec.template");
    }

    private static Map<String, Object> podLabels(Map<String, Object> deployment) {
        return map(map(podTemplate(deployment).get("metadata"), "template.metadata").get("labels"), "template labels");
    }

    private static List<Map<String, Object>> containers(Map<String, Object> deployment) {
        List<Object> containers = list(map(podTemplate(deployment).get("spec"), "template.spec").get("containers"),
                name(deployment) + " containers");
        assertThat(containers).as("%s containers", name(deployment)).isNotEmpty();
        return containers.stream().map(container -> map(container, "container")).toList();
    }

    /** The container port a Service or probe port refers to (by number or by name), or null. */
    private static Integer containerPort(Map<String, Object> container, Object reference, String protocol) {
        Object ports = container.get("ports");
        if (ports == null) {
            return null;
        }
        for (Object entry : list(ports, "container ports")) {
            Map<String, Object> port = map(entry, "container port");
            boolean sameProtocol = protocol.equals(String.valueOf(port.getOrDefault("protocol", "TCP")));
            boolean matches = Objects.equals(port.get("containerPort"), reference)
                    || Objects.equals(port.get("name"), reference);
            if (sameProtocol && matches) {
                return (Integer) port.get("containerPort");
            }
        }
        return null;
    }

    private static String envValue(Map<String, Object> container, String variable) {
        for (Object entry : list(container.get("env"), "env")) {
            Map<String, Object> env = map(entry, "env entry");
            if (variable.equals(env.get("name"))) {
                return String.valueOf(env.get("value"));
            }
        }
        return null;
    }

    // ---- YAML plumbing --------------------------------------------------------------------------------

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        // compose and kubectl reject duplicate keys; a duplicate would hide half of a definition.
        options.setAllowDuplicateKeys(false);
        return new Yaml(new SafeConstructor(options));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String what) {
        assertThat(value).as(what).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value, String what) {
        assertThat(value).as(what).isInstanceOf(List.class);
        return (List<Object>) value;
    }

}
