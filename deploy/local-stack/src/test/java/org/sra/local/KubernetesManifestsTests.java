package org.sra.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.SoftAssertions.assertSoftly;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests as a cluster would get them: every kustomize overlay is rendered with
 * {@code kubectl kustomize} (skipped, with a message, where kubectl is not installed), every
 * built-in object is read strictly into the typed Kubernetes model (fabric8 kubernetes-model: a
 * field the API does not know, a string where it wants a number, a malformed quantity fails), and
 * every workload is checked against the platform's rules: hardened pods, autoscalers, network
 * policies that let in only the gateway and RADIUS and let each service out only to what it calls,
 * secrets only by reference. The operators' custom resources (Strimzi, MongoDB Community, the
 * Prometheus operator) are checked structurally. The dashboard and alert rules may only query
 * metrics that the services' sources register, so renaming a metric fails here.
 */
class KubernetesManifestsTests {

    /** Tests run with the module directory (deploy/local-stack) as working directory. */
    private static final Path REPOSITORY = Path.of("../..").toAbsolutePath().normalize();

    private static final String DEV = "deploy/k8s/overlays/dev";

    private static final String PROD = "deploy/k8s/overlays/prod";

    private static final String INFRA = "deploy/k8s/overlays/infra";

    private static final String OBSERVABILITY = "deploy/observability";

    /** The overlays that deploy the services. */
    private static final List<String> SERVICE_OVERLAYS = List.of(DEV, PROD);

    private static final List<String> ALL = List.of(DEV, PROD, INFRA, OBSERVABILITY);

    private static final List<String> SERVICES = List.of("gateway", "directory-service", "device-service",
            "profile-service", "auth-service", "notification-service");

    /** The five services that publish and consume events (the gateway has no Kafka user). */
    private static final List<String> EVENT_SERVICES = SERVICES.subList(1, SERVICES.size());

    private static final Path DASHBOARD = REPOSITORY.resolve("deploy/observability/grafana-dashboard.json");

    private static final Path ALERTS = REPOSITORY.resolve("deploy/observability/sra-alerts.yaml");

    private static final Path ADAPTER_RULES = REPOSITORY.resolve("deploy/observability/prometheus-adapter-rules.yaml");

    private static final Path ACL_SCRIPT = REPOSITORY.resolve("deploy/kafka/sra-kafka-acls.sh");

    /** Built-in kinds the manifests may contain, read into their typed model. */
    private static final Map<String, Class<? extends HasMetadata>> BUILT_IN = Map.of(
            "v1/Namespace", Namespace.class,
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class,
            "v1/Service", Service.class,
            "apps/v1/Deployment", Deployment.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class);

    /** Custom resources of the operators, checked structurally: the fields each must have under spec. */
    private static final Map<String, List<String>> CUSTOM = Map.of(
            "kafka.strimzi.io/v1beta2/Kafka", List.of("kafka", "kafka/listeners", "kafka/authorization", "entityOperator"),
            "kafka.strimzi.io/v1beta2/KafkaNodePool", List.of("replicas", "roles", "storage"),
            "kafka.strimzi.io/v1beta2/KafkaTopic", List.of("partitions", "replicas"),
            "kafka.strimzi.io/v1beta2/KafkaUser", List.of("authentication", "authorization"),
            "mongodbcommunity.mongodb.com/v1/MongoDBCommunity", List.of("members", "type", "version", "security", "users"),
            "monitoring.coreos.com/v1/PrometheusRule", List.of("groups"),
            "monitoring.coreos.com/v1/PodMonitor", List.of("namespaceSelector", "selector", "podMetricsEndpoints"));

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    private static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory());

    private static final Map<String, List<JsonNode>> RENDERED = new HashMap<>();

    // ---- every overlay renders into valid Kubernetes objects ----------------------------------------

    @Test
    void everyOverlayRendersIntoObjectsOfTheKubernetesSchemas() {
        assertSoftly(softly -> {
            for (String overlay : ALL) {
                List<JsonNode> objects = rendered(overlay);
                softly.assertThat(objects).as(overlay).isNotEmpty();
                for (JsonNode object : objects) {
                    String type = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
                    String where = overlay + ": " + type + " " + object.path("metadata").path("name").asText();
                    softly.assertThat(object.path("metadata").path("name").asText()).as(where + " name").isNotEmpty();
                    if (BUILT_IN.containsKey(type)) {
                        try {
                            softly.assertThat(strictProblems(object, BUILT_IN.get(type))).as(where).isEmpty();
                        } catch (IllegalArgumentException e) {
                            softly.fail(where + " does not read as " + BUILT_IN.get(type).getSimpleName() + ": "
                                    + e.getMessage());
                        }
                    } else if (CUSTOM.containsKey(type)) {
                        for (String field : CUSTOM.get(type)) {
                            softly.assertThat(object.path("spec").at("/" + field).isMissingNode())
                                .as("%s: spec.%s", where, field.replace('/', '.')).isFalse();
                        }
                    } else {
                        softly.fail(where + ": a kind this test does not know; add it to BUILT_IN or CUSTOM");
                    }
                }
            }
        });
    }

    /** The reader above is only worth something if it refuses what an API server would refuse. */
    @Test
    void theStrictReaderRefusesWhatTheApiServerWouldRefuse() throws IOException {
        JsonNode typo = YAML.readTree("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  selector: {matchLabels: {a: b}}
                  template:
                    metadata: {labels: {a: b}}
                    spec:
                      containers:
                        - name: x
                          image: x:1
                          securityContext: {readOnlyRootFileSystem: true}
                """);
        assertThat(strictProblems(typo, Deployment.class))
            .containsExactly("spec.template.spec.containers[0].securityContext.readOnlyRootFileSystem");
        JsonNode stringForNumber = YAML.readTree("""
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                metadata: {name: x}
                spec:
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: x}
                  minReplicas: "2"
                  maxReplicas: 3
                """);
        assertThatThrownBy(() -> strictProblems(stringForNumber, HorizontalPodAutoscaler.class))
            .isInstanceOf(IllegalArgumentException.class);
        JsonNode badQuantity = YAML.readTree("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  selector: {matchLabels: {a: b}}
                  template:
                    metadata: {labels: {a: b}}
                    spec:
                      containers:
                        - {name: x, image: "x:1", resources: {limits: {memory: 768MB}}}
                """);
        assertThat(strictProblems(badQuantity, Deployment.class)).singleElement().asString()
            .contains("limits.memory");
    }

    // ---- workloads -----------------------------------------------------------------------------------

    @Test
    void everyServiceIsDeployedHardenedSpreadAndWithADisruptionBudget() {
        for (String overlay : SERVICE_OVERLAYS) {
            Map<String, Deployment> deployments = byName(typed(overlay, Deployment.class));
            List<PodDisruptionBudget> budgets = typed(overlay, PodDisruptionBudget.class);
            assertThat(deployments.keySet()).as(overlay).containsExactlyInAnyOrderElementsOf(SERVICES);
            assertSoftly(softly -> deployments.forEach((name, deployment) -> {
                String where = overlay + " " + name;
                Map<String, String> labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
                softly.assertThat(selects(deployment.getSpec().getSelector(), labels))
                    .as("%s: selector matches its pod labels", where).isTrue();
                PodSpec pod = deployment.getSpec().getTemplate().getSpec();
                softly.assertThat(pod.getAutomountServiceAccountToken()).as("%s automountServiceAccountToken", where)
                    .isFalse();
                softly.assertThat(pod.getSecurityContext().getRunAsNonRoot()).as("%s runAsNonRoot", where).isTrue();
                softly.assertThat(pod.getSecurityContext().getRunAsUser()).as("%s runAsUser", where).isPositive();
                softly.assertThat(pod.getSecurityContext().getSeccompProfile().getType()).as("%s seccomp", where)
                    .isEqualTo("RuntimeDefault");
                Map<String, Volume> volumes = new HashMap<>();
                pod.getVolumes().forEach(volume -> volumes.put(volume.getName(), volume));
                for (Container container : pod.getContainers()) {
                    var security = container.getSecurityContext();
                    softly.assertThat(security.getReadOnlyRootFilesystem()).as("%s readOnlyRootFilesystem", where).isTrue();
                    softly.assertThat(security.getAllowPrivilegeEscalation()).as("%s allowPrivilegeEscalation", where)
                        .isFalse();
                    softly.assertThat(security.getPrivileged()).as("%s privileged", where).isNotEqualTo(Boolean.TRUE);
                    softly.assertThat(security.getCapabilities().getDrop()).as("%s capabilities.drop", where)
                        .containsExactly("ALL");
                    softly.assertThat(security.getCapabilities().getAdd()).as("%s capabilities.add", where)
                        .isNullOrEmpty();
                    // Spring Boot and Tomcat write temporary files: /tmp must be writable, in memory or on the node
                    VolumeMount tmp = container.getVolumeMounts().stream()
                        .filter(mount -> "/tmp".equals(mount.getMountPath())).findFirst().orElse(null);
                    softly.assertThat(tmp).as("%s mounts /tmp", where).isNotNull();
                    if (tmp != null) {
                        softly.assertThat(volumes.get(tmp.getName())).as("%s /tmp volume", where)
                            .extracting(Volume::getEmptyDir).as("%s /tmp is an emptyDir", where).isNotNull();
                    }
                    softly.assertThat(container.getImage()).as("%s image", where).matches("[^:@]+[:@].+")
                        .doesNotEndWith(":latest");
                    softly.assertThat(container.getResources().getRequests()).as("%s requests", where)
                        .containsKeys("cpu", "memory");
                    softly.assertThat(container.getResources().getLimits()).as("%s limits", where).containsKey("memory");
                    softly.assertThat(container.getLivenessProbe()).as("%s livenessProbe", where).isNotNull();
                    softly.assertThat(container.getReadinessProbe()).as("%s readinessProbe", where).isNotNull();
                    softly.assertThat(container.getStartupProbe()).as("%s startupProbe", where).isNotNull();
                }
                Set<String> spreadOver = new TreeSet<>();
                for (TopologySpreadConstraint spread : pod.getTopologySpreadConstraints()) {
                    softly.assertThat(selects(spread.getLabelSelector(), labels))
                        .as("%s spread constraint over %s counts its own pods", where, spread.getTopologyKey()).isTrue();
                    spreadOver.add(spread.getTopologyKey());
                }
                softly.assertThat(spreadOver).as("%s spread over", where)
                    .contains("kubernetes.io/hostname", "topology.kubernetes.io/zone");
                softly.assertThat(budgets.stream().filter(budget -> selects(budget.getSpec().getSelector(), labels)))
                    .as("%s PodDisruptionBudgets", where).hasSize(1);
            }));
        }
    }

    @Test
    void prodKeepsAuthServiceInSeveralZones() {
        Deployment auth = byName(typed(PROD, Deployment.class)).get("auth-service");
        assertThat(auth.getSpec().getTemplate().getSpec().getTopologySpreadConstraints())
            .filteredOn(spread -> "topology.kubernetes.io/zone".equals(spread.getTopologyKey()))
            .extracting(TopologySpreadConstraint::getWhenUnsatisfiable)
            .containsExactly("DoNotSchedule");
    }

    @Test
    void everyServiceScalesWithAnAutoscalerAuthServiceAlsoOnDecisionsPerSecond() throws IOException {
        Set<String> adapterMetrics = new TreeSet<>();
        for (JsonNode rule : YAML.readTree(ADAPTER_RULES.toFile()).path("rules")) {
            adapterMetrics.add(rule.path("name").path("as").asText());
        }
        for (String overlay : SERVICE_OVERLAYS) {
            Map<String, Deployment> deployments = byName(typed(overlay, Deployment.class));
            Map<String, HorizontalPodAutoscaler> autoscalers = new TreeMap<>();
            for (HorizontalPodAutoscaler hpa : typed(overlay, HorizontalPodAutoscaler.class)) {
                var target = hpa.getSpec().getScaleTargetRef();
                assertThat(target.getKind() + " " + target.getApiVersion()).as(overlay).isEqualTo("Deployment apps/v1");
                assertThat(autoscalers.put(target.getName(), hpa)).as("%s: two autoscalers for %s", overlay,
                        target.getName()).isNull();
            }
            int floor = overlay.equals(PROD) ? 3 : 1;
            assertSoftly(softly -> {
                softly.assertThat(autoscalers.keySet()).as(overlay).containsExactlyInAnyOrderElementsOf(deployments.keySet());
                autoscalers.forEach((name, hpa) -> {
                    String where = overlay + " " + name;
                    // the autoscaler owns the count: a replicas field would be reset by every apply
                    softly.assertThat(deployments.get(name).getSpec().getReplicas()).as("%s Deployment replicas", where)
                        .isNull();
                    softly.assertThat(hpa.getSpec().getMinReplicas()).as("%s minReplicas", where).isGreaterThanOrEqualTo(floor);
                    softly.assertThat(hpa.getSpec().getMaxReplicas()).as("%s maxReplicas", where)
                        .isGreaterThan(hpa.getSpec().getMinReplicas());
                    List<String> metrics = hpa.getSpec().getMetrics().stream().map(KubernetesManifestsTests::metric).toList();
                    softly.assertThat(metrics).as("%s metrics", where).contains("Resource cpu Utilization");
                    if (name.equals("auth-service")) {
                        softly.assertThat(metrics).as("%s metrics", where)
                            .containsExactlyInAnyOrder("Resource cpu Utilization", "Pods sra_auth_decisions_per_second AverageValue");
                    } else {
                        softly.assertThat(metrics).as("%s metrics", where).containsExactly("Resource cpu Utilization");
                    }
                    hpa.getSpec().getMetrics().stream().filter(metric -> metric.getPods() != null)
                        .forEach(metric -> softly.assertThat(adapterMetrics)
                            .as("%s: custom metric %s is served by prometheus-adapter", where,
                                    metric.getPods().getMetric().getName())
                            .contains(metric.getPods().getMetric().getName()));
                    // utilisation is a share of the request: without one the CPU metric has no value
                    deployments.get(name).getSpec().getTemplate().getSpec().getContainers().forEach(container -> softly
                        .assertThat(container.getResources().getRequests()).as("%s CPU request", where).containsKey("cpu"));
                });
            });
        }
    }

    private static String metric(MetricSpec metric) {
        return switch (metric.getType()) {
            case "Resource" -> "Resource " + metric.getResource().getName() + " " + metric.getResource().getTarget().getType();
            case "Pods" -> "Pods " + metric.getPods().getMetric().getName() + " " + metric.getPods().getTarget().getType();
            default -> metric.getType();
        };
    }

    @Test
    void secretsAreOnlyReferencedNeverWrittenIntoTheManifests() {
        // named like a secret, unless it only says where a mounted secret is (…_LOCATION)
        Pattern secretName = Pattern.compile("(?i)(?!.*_LOCATION$).*(PASSWORD|SECRET|TOKEN|CREDENTIAL|PRIVATE|_KEYS?$).*");
        Pattern credentialInUri = Pattern.compile("://[^/@\\s]+:[^/@\\s]+@");
        assertSoftly(softly -> {
            for (String overlay : ALL) {
                for (JsonNode object : rendered(overlay)) {
                    String where = overlay + " " + object.path("kind").asText() + " " + object.path("metadata").path("name").asText();
                    softly.assertThat(object.path("kind").asText()).as("%s: a Secret in the manifests", where)
                        .isNotEqualTo("Secret");
                    // no field named like a secret holds a value, in any kind (custom resources included):
                    // it must be a reference (secretKeyRef, passwordSecretRef, valueFrom, ...)
                    walk(object, "", (path, value) -> {
                        String field = path.substring(path.lastIndexOf('.') + 1);
                        if (value.isTextual() && field.matches("(?i)password|secret|token|clientSecret|sharedSecret")) {
                            softly.fail("%s: %s holds a literal value", where, path);
                        }
                        if (value.isTextual() && credentialInUri.matcher(value.asText()).find()) {
                            softly.fail("%s: %s holds a URI with credentials", where, path);
                        }
                    });
                }
                for (ConfigMap config : typed(overlay, ConfigMap.class)) {
                    if (config.getData() != null) {
                        config.getData().keySet().forEach(key -> softly.assertThat(key)
                            .as("%s ConfigMap %s: a secret belongs in sra-secrets", overlay, config.getMetadata().getName())
                            .doesNotMatch(secretName.pattern()));
                    }
                }
                for (Deployment deployment : typed(overlay, Deployment.class)) {
                    String where = overlay + " " + deployment.getMetadata().getName();
                    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
                    for (Container container : pod.getContainers()) {
                        for (EnvVar env : container.getEnv()) {
                            if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                                softly.assertThat(env.getValueFrom().getSecretKeyRef().getName())
                                    .as("%s %s from Secret", where, env.getName()).isEqualTo("sra-secrets");
                            } else if (secretName.matcher(env.getName()).matches()) {
                                softly.fail("%s: %s is set to a literal value instead of a secretKeyRef", where, env.getName());
                            }
                        }
                    }
                    for (Volume volume : pod.getVolumes()) {
                        if (volume.getSecret() != null) {
                            softly.assertThat(volume.getSecret().getSecretName()).as("%s volume %s", where, volume.getName())
                                .isEqualTo("sra-secrets");
                        }
                    }
                }
            }
        });
    }

    // ---- network -------------------------------------------------------------------------------------

    /**
     * Combines the NetworkPolicies as the API server does (a pod may send or receive what any
     * policy selecting it allows; a pod selected by none is open) and lists, per service, who may
     * reach which of its ports and where it may connect to.
     */
    @Test
    void networkPoliciesLetInOnlyTheGatewayAndRadiusAndLetEachServiceOutOnlyToWhatItCalls() {
        Map<String, Set<String>> expectedEgress = new TreeMap<>();
        Set<String> dns = Set.of("namespace kube-system pod k8s-app=kube-dns 53/UDP",
                "namespace kube-system pod k8s-app=kube-dns 53/TCP");
        SERVICES.forEach(name -> {
            expectedEgress.put(name, new TreeSet<>(dns));
            expectedEgress.get(name).add("namespace mongodb 27017/TCP");
        });
        EVENT_SERVICES.forEach(name -> expectedEgress.get(name).add("namespace kafka 9093/TCP"));
        Map<String, Integer> httpPorts = Map.of("directory-service", 8081, "device-service", 8082,
                "profile-service", 8083, "auth-service", 8084, "notification-service", 8085);
        httpPorts.forEach((name, port) -> expectedEgress.get("gateway").add("pod " + name + " " + port + "/TCP"));
        for (String name : List.of("directory-service", "auth-service")) {
            for (int port : List.of(389, 636, 3268, 3269, 443)) {
                expectedEgress.get(name).add("ip 0.0.0.0/0 " + port + "/TCP");
            }
        }
        for (int port : List.of(25, 465, 587)) {
            expectedEgress.get("notification-service").add("ip 0.0.0.0/0 " + port + "/TCP");
        }

        for (String overlay : SERVICE_OVERLAYS) {
            List<NetworkPolicy> policies = typed(overlay, NetworkPolicy.class);
            Map<String, Deployment> deployments = byName(typed(overlay, Deployment.class));
            Map<String, Set<String>> openToAll = new TreeMap<>();
            Map<String, Set<String>> egress = new TreeMap<>();
            assertSoftly(softly -> deployments.forEach((name, deployment) -> {
                Map<String, String> labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
                Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
                List<NetworkPolicy> selecting = policies.stream()
                    .filter(policy -> selects(policy.getSpec().getPodSelector(), labels)).toList();
                softly.assertThat(selecting).as("%s %s: policies for ingress", overlay, name)
                    .anyMatch(policy -> policy.getSpec().getPolicyTypes().contains("Ingress"));
                softly.assertThat(selecting).as("%s %s: policies for egress", overlay, name)
                    .anyMatch(policy -> policy.getSpec().getPolicyTypes().contains("Egress"));
                egress.put(name, new TreeSet<>());
                for (NetworkPolicy policy : selecting) {
                    String where = overlay + " " + policy.getMetadata().getName() + " for " + name;
                    for (var rule : policy.getSpec().getIngress()) {
                        if (rule.getFrom().isEmpty()) {
                            softly.assertThat(rule.getPorts()).as("%s opens every port to everyone", where).isNotEmpty();
                            for (NetworkPolicyPort port : rule.getPorts()) {
                                softly.assertThat(containerPort(container, port.getPort(), port.getProtocol()))
                                    .as("%s: port %s is one of the pod's", where, port.getPort()).isNotNull();
                                openToAll.computeIfAbsent(name, n -> new TreeSet<>())
                                    .add(portName(port.getPort()) + "/" + protocol(port.getProtocol()));
                            }
                        }
                        for (NetworkPolicyPeer peer : rule.getFrom()) {
                            boolean gateway = peer.getNamespaceSelector() == null && peer.getPodSelector() != null
                                    && "gateway".equals(peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/name"));
                            boolean monitoring = peer.getPodSelector() == null && peer.getNamespaceSelector() != null
                                    && "monitoring".equals(peer.getNamespaceSelector().getMatchLabels()
                                        .get("kubernetes.io/metadata.name"));
                            softly.assertThat(gateway || monitoring).as("%s: ingress peer %s", where, peer).isTrue();
                        }
                    }
                    for (var rule : policy.getSpec().getEgress()) {
                        softly.assertThat(rule.getTo()).as("%s: egress to anywhere", where).isNotEmpty();
                        softly.assertThat(rule.getPorts()).as("%s: egress on every port", where).isNotEmpty();
                        for (NetworkPolicyPeer peer : rule.getTo()) {
                            for (NetworkPolicyPort port : rule.getPorts()) {
                                egress.get(name).addAll(destinations(peer, port, deployments));
                            }
                        }
                    }
                }
            }));
            assertThat(openToAll).as("%s: open to everyone", overlay).isEqualTo(Map.of(
                    "gateway", Set.of("http/TCP"), "auth-service", Set.of("radius-auth/UDP", "radius-acct/UDP")));
            assertThat(egress).as("%s: where each service may connect", overlay).isEqualTo(expectedEgress);
        }
    }

    /** What one egress peer and port reach, as "namespace N", "pod NAME port/PROTO" or "ip CIDR port/PROTO". */
    private static List<String> destinations(NetworkPolicyPeer peer, NetworkPolicyPort port,
                                             Map<String, Deployment> deployments) {
        String portText = portName(port.getPort()) + "/" + protocol(port.getProtocol());
        if (peer.getIpBlock() != null) {
            return List.of("ip " + peer.getIpBlock().getCidr() + " " + portText);
        }
        if (peer.getNamespaceSelector() != null) {
            String namespace = peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name");
            String pods = peer.getPodSelector() == null ? "" : " pod " + String.join(",", peer.getPodSelector()
                .getMatchLabels().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
            return List.of("namespace " + namespace + pods + " " + portText);
        }
        // pods of this namespace: only where the port is one the selected pod serves
        List<String> reached = new ArrayList<>();
        deployments.forEach((name, deployment) -> {
            Map<String, String> labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            if (selects(peer.getPodSelector(), labels)
                    && containerPort(container, port.getPort(), port.getProtocol()) != null) {
                reached.add("pod " + name + " " + portText);
            }
        });
        return reached;
    }

    // ---- infra overlay: Kafka and MongoDB ------------------------------------------------------------

    @Test
    void theInfraKafkaServesTheTlsScramListenerAndTheTopicsAndUsersOfTheAclScript() throws IOException {
        List<JsonNode> infra = rendered(INFRA);
        JsonNode kafka = single(infra, "Kafka");
        JsonNode spec = kafka.path("spec").path("kafka");
        assertThat(spec.path("listeners")).as("a TLS listener on 9093 with SCRAM-SHA-512")
            .anySatisfy(listener -> {
                assertThat(listener.path("port").asInt()).isEqualTo(9093);
                assertThat(listener.path("tls").asBoolean()).isTrue();
                assertThat(listener.path("authentication").path("type").asText()).isEqualTo("scram-sha-512");
                // Strimzi's NetworkPolicy for the listener: only from the services' namespace
                assertThat(listener.path("networkPolicyPeers")).singleElement().satisfies(peer -> assertThat(
                        peer.path("namespaceSelector").path("matchLabels").path("kubernetes.io/metadata.name").asText())
                    .isEqualTo("sra"));
            });
        assertThat(spec.path("authorization").path("type").asText()).isEqualTo("simple");
        JsonNode config = spec.path("config");
        assertThat(config.path("default.replication.factor").asInt()).isEqualTo(3);
        assertThat(config.path("min.insync.replicas").asInt()).isEqualTo(2);
        assertThat(config.path("transaction.state.log.replication.factor").asInt()).isEqualTo(3);
        assertThat(config.path("offsets.topic.replication.factor").asInt()).isEqualTo(3);
        assertThat(kafka.path("spec").path("entityOperator").has("topicOperator")).isTrue();
        assertThat(kafka.path("spec").path("entityOperator").has("userOperator")).isTrue();
        String cluster = kafka.path("metadata").path("name").asText();
        String namespace = kafka.path("metadata").path("namespace").asText();

        JsonNode pool = single(infra, "KafkaNodePool");
        assertThat(pool.path("metadata").path("labels").path("strimzi.io/cluster").asText()).isEqualTo(cluster);
        assertThat(pool.path("spec").path("replicas").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(texts(pool.path("spec").path("roles"))).containsExactlyInAnyOrder("controller", "broker");

        // the services find the brokers where sra-config says
        for (String overlay : SERVICE_OVERLAYS) {
            ConfigMap sraConfig = byName(typed(overlay, ConfigMap.class)).get("sra-config");
            assertThat(sraConfig.getData()).as(overlay).containsEntry("SPRING_CLOUD_STREAM_KAFKA_BINDER_BROKERS",
                    cluster + "-kafka-bootstrap." + namespace + ".svc:9093");
        }

        AclTable acls = AclTable.read();
        Map<String, JsonNode> topics = new TreeMap<>();
        for (JsonNode topic : all(infra, "KafkaTopic")) {
            String name = topic.path("spec").has("topicName") ? topic.path("spec").path("topicName").asText()
                    : topic.path("metadata").path("name").asText();
            topics.put(name, topic);
        }
        assertThat(topics.keySet()).as("the topics of deploy/kafka/sra-kafka-acls.sh")
            .containsExactlyInAnyOrderElementsOf(acls.topics());
        assertSoftly(softly -> topics.forEach((name, topic) -> {
            softly.assertThat(topic.path("metadata").path("namespace").asText()).as(name).isEqualTo(namespace);
            softly.assertThat(topic.path("metadata").path("labels").path("strimzi.io/cluster").asText()).as(name)
                .isEqualTo(cluster);
            softly.assertThat(topic.path("spec").path("partitions").asInt()).as("%s partitions", name)
                .isEqualTo(acls.partitions());
            softly.assertThat(topic.path("spec").path("replicas").asInt()).as("%s replicas", name).isEqualTo(3);
            softly.assertThat(topic.path("spec").path("config").path("min.insync.replicas").asInt())
                .as("%s min.insync.replicas", name).isEqualTo(2);
        }));

        Map<String, Set<String>> users = new TreeMap<>();
        for (JsonNode user : all(infra, "KafkaUser")) {
            assertThat(user.path("spec").path("authentication").path("type").asText()).isEqualTo("scram-sha-512");
            assertThat(user.path("metadata").path("labels").path("strimzi.io/cluster").asText()).isEqualTo(cluster);
            Set<String> granted = new TreeSet<>();
            for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
                JsonNode resource = acl.path("resource");
                String pattern = resource.path("patternType").asText();
                assertThat(pattern).isIn("literal", "prefix");
                // a prefix grant is written name* so that it can only match the script's prefixed grant
                String name = resource.path("name").asText() + (pattern.equals("prefix") ? "*" : "");
                for (String operation : texts(acl.path("operations"))) {
                    granted.add(resource.path("type").asText() + " " + name + " " + operation);
                }
            }
            users.put(user.path("metadata").path("name").asText(), granted);
        }
        assertThat(users).isEqualTo(acls.grants());
    }

    @Test
    void theInfraMongoDbIsAReplicaSetWithOneUserPerServiceDatabase() throws IOException {
        JsonNode mongo = single(rendered(INFRA), "MongoDBCommunity");
        JsonNode spec = mongo.path("spec");
        assertThat(spec.path("type").asText()).isEqualTo("ReplicaSet");
        assertThat(spec.path("members").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(spec.path("version").asText()).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(texts(spec.path("security").path("authentication").path("modes"))).contains("SCRAM");
        // the databases named by the Secret template's URIs, one per service
        Map<String, String> databases = new TreeMap<>();
        Matcher uri = Pattern.compile("mongodb-uri-([a-z]+): \"mongodb://[^\"]*/(sra-[a-z]+)\\?")
            .matcher(Files.readString(REPOSITORY.resolve("deploy/k8s/base/secret.example.yaml")));
        while (uri.find()) {
            databases.put(uri.group(1), uri.group(2));
        }
        assertThat(databases).hasSize(SERVICES.size());
        Map<String, String> userDatabases = new TreeMap<>();
        for (JsonNode user : spec.path("users")) {
            String name = user.path("name").asText();
            assertThat(user.path("passwordSecretRef").path("name").asText()).as("%s passwordSecretRef", name).isNotEmpty();
            assertThat(user.path("scramCredentialsSecretName").asText()).as("%s scramCredentialsSecretName", name)
                .isNotEmpty();
            assertThat(user.path("roles")).as("%s roles", name).hasSize(1);
            JsonNode role = user.path("roles").get(0);
            assertThat(role.path("name").asText()).as("%s role", name).isEqualTo("readWrite");
            userDatabases.put(name.replace("-service", ""), role.path("db").asText());
        }
        assertThat(userDatabases).isEqualTo(databases);
        // only the services' namespace (and the members among themselves) may reach it
        String namespace = mongo.path("metadata").path("namespace").asText();
        NetworkPolicy ingress = single(typed(INFRA, NetworkPolicy.class));
        assertThat(ingress.getMetadata().getNamespace()).isEqualTo(namespace);
        assertThat(ingress.getSpec().getPodSelector().getMatchLabels())
            .isEqualTo(Map.of("app", mongo.path("metadata").path("name").asText() + "-svc"));
        assertThat(ingress.getSpec().getIngress()).hasSize(2);
        assertThat(ingress.getSpec().getIngress().get(0).getFrom()).singleElement()
            .satisfies(peer -> assertThat(peer.getNamespaceSelector().getMatchLabels())
                .isEqualTo(Map.of("kubernetes.io/metadata.name", "sra")));
        assertThat(ingress.getSpec().getIngress().get(0).getPorts()).singleElement()
            .satisfies(port -> assertThat(port.getPort().getIntVal()).isEqualTo(27017));
        assertThat(ingress.getSpec().getIngress().get(1).getFrom()).singleElement()
            .satisfies(peer -> {
                assertThat(peer.getNamespaceSelector()).isNull();
                assertThat(peer.getPodSelector().getMatchLabels()).isNullOrEmpty();
            });
        // and the services may reach it
        for (String overlay : SERVICE_OVERLAYS) {
            assertThat(typed(overlay, NetworkPolicy.class)).as(overlay).anySatisfy(policy -> assertThat(
                    policy.getSpec().getEgress()).anySatisfy(rule -> assertThat(rule.getTo()).anySatisfy(peer -> {
                        assertThat(peer.getNamespaceSelector()).isNotNull();
                        assertThat(peer.getNamespaceSelector().getMatchLabels())
                            .containsEntry("kubernetes.io/metadata.name", namespace);
                    })));
        }
    }

    // ---- observability -------------------------------------------------------------------------------

    @Test
    void everyAlertRuleSaysHowBadItIsAndWhatItMeans() {
        JsonNode rule = single(rendered(OBSERVABILITY), "PrometheusRule");
        List<String> alerts = new ArrayList<>();
        assertSoftly(softly -> {
            for (JsonNode group : rule.path("spec").path("groups")) {
                softly.assertThat(group.path("name").asText()).isNotEmpty();
                for (JsonNode alert : group.path("rules")) {
                    String name = alert.path("alert").asText();
                    alerts.add(name);
                    softly.assertThat(name).as("alert name").matches("Sra[A-Za-z]+");
                    softly.assertThat(alert.path("expr").asText()).as("%s expr", name).isNotBlank();
                    softly.assertThat(alert.path("labels").path("severity").asText()).as("%s severity", name)
                        .isIn("critical", "warning", "info");
                    softly.assertThat(alert.path("annotations").path("summary").asText()).as("%s summary", name).isNotBlank();
                    softly.assertThat(alert.path("annotations").path("description").asText()).as("%s description", name)
                        .isNotBlank();
                }
            }
        });
        assertThat(alerts).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(10)
            .contains("SraAddressPoolNearlyFull", "SraEntraSecretExpiresSoon");
        // the dashboard goes to Grafana's sidecar as a ConfigMap
        ConfigMap dashboard = single(typed(OBSERVABILITY, ConfigMap.class));
        assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        assertThat(dashboard.getData()).containsKey("sra-overview.json");
    }

    /** Prometheus scrapes every service once, on the port that serves its /actuator/prometheus. */
    @Test
    void everyServiceIsScrapedOnceWhereItServesItsMetrics() {
        Map<String, Deployment> deployments = byName(typed(PROD, Deployment.class));
        Map<String, List<String>> scraped = new TreeMap<>();
        for (JsonNode monitor : all(rendered(OBSERVABILITY), "PodMonitor")) {
            assertThat(texts(monitor.path("spec").path("namespaceSelector").path("matchNames"))).containsExactly("sra");
            LabelSelector selector = STRICT.convertValue(monitor.path("spec").path("selector"), LabelSelector.class);
            deployments.forEach((name, deployment) -> {
                var template = deployment.getSpec().getTemplate();
                if (!selects(selector, template.getMetadata().getLabels())) {
                    return;
                }
                for (JsonNode endpoint : monitor.path("spec").path("podMetricsEndpoints")) {
                    String port = endpoint.path("port").asText();
                    assertThat(containerPort(template.getSpec().getContainers().get(0), new IntOrString(port), "TCP"))
                        .as("%s: port %s of %s", monitor.path("metadata").path("name").asText(), port, name).isNotNull();
                    assertThat(endpoint.path("path").asText()).isEqualTo("/actuator/prometheus");
                    assertThat(template.getMetadata().getAnnotations()).as(name)
                        .containsEntry("prometheus.io/port", String.valueOf(containerPort(
                                template.getSpec().getContainers().get(0), new IntOrString(port), "TCP")));
                    scraped.computeIfAbsent(name, n -> new ArrayList<>()).add(port);
                }
            });
        }
        Map<String, List<String>> expected = new TreeMap<>();
        SERVICES.forEach(name -> expected.put(name, List.of(name.equals("gateway") ? "management" : "http")));
        assertThat(scraped).isEqualTo(expected);
    }

    @Test
    void theDashboardShowsWhatOperatorsWatch() throws IOException {
        Set<String> queried = metricsIn(dashboardQueries());
        assertThat(queried).contains(
                "sra_auth_decisions_total",                   // decisions/s, rejects by reason
                "sra_auth_decision_latency_seconds",          // p99 decision latency
                "sra_outbox_backlog_events",                  // outbox backlog
                "sra_outbox_backlog_oldest_seconds",          // and its oldest age
                "spring_cloud_stream_binder_kafka_offset",    // consumer lag
                "sra_events_refused_total",                   // dead letters
                "sra_notifications_attempts_total",           // mail failures
                "sra_auth_pool_exhausted_total",              // address pools
                "sra_auth_pool_used_ratio",                   // pool use per tenant (bounded label)
                "resilience4j_circuitbreaker_state",          // directory breakers
                "sra_directory_secret_reminders_total",       // secret expiry reminders
                "sra_directory_entra_secret_days_left");      // and the days left
        JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());
        assertThat(dashboard.path("uid").asText()).isEqualTo("sra-overview");
        Set<Integer> ids = new TreeSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(ids.add(panel.path("id").asInt())).as("panel id %s unique", panel.path("id")).isTrue();
            if (!"row".equals(panel.path("type").asText())) {
                assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
                assertThat(panel.path("description").asText()).as(panel.path("title").asText()).isNotBlank();
            }
        }
    }

    /**
     * Every metric a query names must be one the services register: found in their sources
     * (Micrometer builders and {@code MeterRegistry} shortcuts, named the way the Prometheus
     * registry names them), or one a library registers that the services demonstrably use.
     */
    @Test
    void everyMetricTheDashboardAlertsAndAutoscalerQueryIsOneTheServicesRegister() throws IOException {
        Set<String> registered = registeredMetrics();
        // the scan itself must work, or everything below would pass on nothing
        assertThat(registered).contains("sra_auth_decisions_total", "sra_auth_decision_latency_seconds",
                "sra_auth_decision_latency_seconds_count", "sra_outbox_backlog_oldest_seconds",
                "sra_notifications_due", "sra_notifications_attempts_total", "sra_auth_lease_lookups_count",
                "sra_auth_pool_used_ratio", "sra_directory_entra_secret_days_left");
        assertThat(registered).doesNotContain("sra_outbox_backlog_oldest", "sra_notifications_due_total");

        Map<String, List<String>> queries = new LinkedHashMap<>();
        queries.put("grafana-dashboard.json", dashboardQueries());
        List<String> alertQueries = new ArrayList<>();
        for (JsonNode group : YAML.readTree(ALERTS.toFile()).path("spec").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                alertQueries.add(rule.path("expr").asText());
            }
        }
        queries.put("sra-alerts.yaml", alertQueries);
        List<String> adapterQueries = new ArrayList<>();
        for (JsonNode rule : YAML.readTree(ADAPTER_RULES.toFile()).path("rules")) {
            adapterQueries.add(rule.path("seriesQuery").asText());
        }
        queries.put("prometheus-adapter-rules.yaml", adapterQueries);

        assertSoftly(softly -> queries.forEach((file, expressions) -> {
            softly.assertThat(expressions).as(file).isNotEmpty();
            for (String expression : expressions) {
                Set<String> metrics = metricsIn(List.of(expression));
                softly.assertThat(metrics).as("%s: metrics of %s", file, expression).isNotEmpty();
                softly.assertThat(registered).as("%s: %s", file, expression).containsAll(metrics);
            }
        }));
    }

    @Test
    void metricNamesAreFoundInPromQl() {
        assertThat(metricsIn(List.of(
                "sum by (reason, pod) (rate(sra_a_total{result=\"reject\", x=~\"a|b\"}[$__rate_interval])) > 0.1",
                "max(b_seconds{quantile=\"0.99\"}) by (pod) > 1 and on (namespace) c_total == 0",
                "histogram_quantile(0.99, sum by (le) (rate(d_bucket[5m]))) or vector(0)",
                "label_values(e_total, namespace)",
                "f{name=~\"directory:.*\", state=\"open\"} offset 5m")))
            .containsExactlyInAnyOrder("sra_a_total", "b_seconds", "c_total", "d_bucket", "e_total", "f");
    }

    // ---- metric names --------------------------------------------------------------------------------

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Set<String> PROMQL_WORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "bool", "and", "or", "unless", "offset", "inf", "nan");

    private static List<String> dashboardQueries() throws IOException {
        List<String> queries = new ArrayList<>();
        walk(JSON.readTree(DASHBOARD.toFile()), "", (path, value) -> {
            if (value.isTextual() && (path.endsWith(".expr") || path.endsWith(".definition")
                    || path.endsWith("query.query"))) {
                queries.add(value.asText());
            }
        });
        return queries;
    }

    /** The metric names a PromQL expression (or Grafana's label_values(metric, label)) reads. */
    static Set<String> metricsIn(List<String> expressions) {
        Set<String> metrics = new TreeSet<>();
        for (String expression : expressions) {
            String text = expression
                .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")              // string literals
                .replaceAll("\\{[^}]*}", " ")                                // label matchers
                .replaceAll("\\[[^]]*]", " ")                                // ranges
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
            Matcher labelValues = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,").matcher(text);
            if (labelValues.find()) {
                metrics.add(labelValues.group(1));
                continue;
            }
            Matcher identifier = Pattern.compile("(?<![\\w.$])([a-zA-Z_:][a-zA-Z0-9_:]*)\\b(\\s*\\()?").matcher(text);
            while (identifier.find()) {
                String name = identifier.group(1);
                if (identifier.group(2) == null && !PROMQL_WORDS.contains(name.toLowerCase())) {
                    metrics.add(name);
                }
            }
        }
        return metrics;
    }

    /**
     * Metrics that libraries register, with what shows that the services use them: a text in their
     * main sources, in a module's pom.xml, or in the infra overlay's Kafka.
     */
    private static final Map<String, String> LIBRARY_METRICS = Map.of(
            // Resilience4j's Micrometer binding of the directory breakers (DirectoryBreakers)
            "resilience4j_circuitbreaker_state", "source:TaggedCircuitBreakerMetrics",
            // Spring Cloud Stream's Kafka binder: lag per consumer group and topic (KafkaBinderMetrics)
            "spring_cloud_stream_binder_kafka_offset", "pom:<artifactId>spring-cloud-stream-binder-kafka</artifactId>",
            // Strimzi's Kafka Exporter, enabled in the infra overlay's Kafka
            "kafka_topic_partition_current_offset", "kafka:kafkaExporter",
            "kafka_consumergroup_lag", "kafka:kafkaExporter");

    private static final Pattern BUILDER = Pattern.compile(
            "\\b(Counter|FunctionCounter|Timer|FunctionTimer|LongTaskTimer|Gauge|MultiGauge|TimeGauge|DistributionSummary)"
            + "\\s*\\.\\s*builder\\s*\\(\\s*\"([^\"]+)\"([^;]*);");

    private static final Pattern SHORTCUT = Pattern.compile(
            "\\.\\s*(counter|timer|gauge|summary)\\s*\\(\\s*\"([^\"]+)\"");

    private static Set<String> registeredMetrics() throws IOException {
        Set<String> registered = new TreeSet<>();
        StringBuilder sources = new StringBuilder();
        StringBuilder poms = new StringBuilder();
        for (String module : modules()) {
            Path main = REPOSITORY.resolve(module).resolve("src/main/java");
            poms.append(Files.readString(REPOSITORY.resolve(module).resolve("pom.xml")));
            if (!Files.isDirectory(main)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(main)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String code = Files.readString(file);
                    sources.append(code);
                    Matcher builder = BUILDER.matcher(code);
                    while (builder.find()) {
                        Matcher unit = Pattern.compile("\\.baseUnit\\(\\s*\"([^\"]+)\"").matcher(builder.group(3));
                        registered.addAll(prometheusNames(builder.group(1), builder.group(2),
                                unit.find() ? unit.group(1) : null));
                    }
                    Matcher shortcut = SHORTCUT.matcher(code);
                    while (shortcut.find()) {
                        String type = switch (shortcut.group(1)) {
                            case "counter" -> "Counter";
                            case "timer" -> "Timer";
                            case "gauge" -> "Gauge";
                            default -> "DistributionSummary";
                        };
                        registered.addAll(prometheusNames(type, shortcut.group(2), null));
                    }
                }
            }
        }
        String kafka = Files.readString(REPOSITORY.resolve(INFRA).resolve("kafka.yaml"));
        LIBRARY_METRICS.forEach((metric, evidence) -> {
            String text = evidence.substring(evidence.indexOf(':') + 1);
            boolean used = switch (evidence.substring(0, evidence.indexOf(':'))) {
                case "source" -> sources.indexOf(text) >= 0;
                case "pom" -> poms.indexOf(text) >= 0;
                case "kafka" -> kafka.contains("\n  " + text + ":");
                default -> false;
            };
            if (used) {
                registered.add(metric);
            }
        });
        return registered;
    }

    /** The series Micrometer's Prometheus registry writes for one meter. */
    private static List<String> prometheusNames(String type, String name, String baseUnit) {
        String base = name.replaceAll("[^a-zA-Z0-9_:]", "_");
        return switch (type) {
            case "Counter", "FunctionCounter" -> List.of(base.endsWith("_total") ? base : base + "_total");
            case "Timer", "FunctionTimer", "LongTaskTimer" -> List.of(base + "_seconds", base + "_seconds_count",
                    base + "_seconds_sum", base + "_seconds_max", base + "_seconds_bucket",
                    base + "_seconds_active_count", base + "_seconds_duration_sum");
            case "TimeGauge" -> List.of(base + "_seconds");
            case "DistributionSummary" -> {
                String named = baseUnit == null ? base : base + "_" + baseUnit;
                yield List.of(named, named + "_count", named + "_sum", named + "_max", named + "_bucket");
            }
            default -> List.of(baseUnit == null || base.endsWith("_" + baseUnit) ? base : base + "_" + baseUnit);
        };
    }

    private static List<String> modules() throws IOException {
        Matcher module = Pattern.compile("<module>([^<]+)</module>")
            .matcher(Files.readString(REPOSITORY.resolve("pom.xml")));
        List<String> modules = new ArrayList<>();
        while (module.find()) {
            modules.add(module.group(1).trim());
        }
        return modules;
    }

    // ---- the ACL script's table ----------------------------------------------------------------------

    /**
     * deploy/kafka/sra-kafka-acls.sh's table: who writes and reads which topics; and the consumer
     * groups a service reads by name prefix (a group per instance), from its
     * {@code [[ "$service" == <service> ]]} block granting {@code --resource-pattern-type prefixed --group "$service<suffix>"}.
     */
    private record AclTable(Map<String, List<String>> writes, Map<String, List<String>> reads, List<String> pacedBy,
                            int partitions, Map<String, String> groupPrefixes) {

        static AclTable read() throws IOException {
            String script = Files.readString(ACL_SCRIPT);
            Map<String, List<String>> writes = new TreeMap<>();
            Map<String, List<String>> reads = new TreeMap<>();
            Matcher row = Pattern.compile("(?m)^  \"([a-z-]+)\\|[A-Z_]+\\|([^|]*)\\|([^\"]*)\"$").matcher(script);
            while (row.find()) {
                writes.put(row.group(1), List.of(row.group(2).trim().split("\\s+")));
                reads.put(row.group(1), List.of(row.group(3).trim().split("\\s+")));
            }
            assertThat(writes.keySet()).as("services in %s", ACL_SCRIPT).containsExactlyInAnyOrderElementsOf(EVENT_SERVICES);
            Matcher paced = Pattern.compile("(?m)^PACED_BY_GROUPS=\"([^\"]+)\"").matcher(script);
            Matcher partitions = Pattern.compile("SRA_KAFKA_PARTITIONS:-(\\d+)").matcher(script);
            assertThat(paced.find() && partitions.find()).as("PACED_BY_GROUPS and the partitions in %s", ACL_SCRIPT).isTrue();
            Map<String, String> groupPrefixes = new TreeMap<>();
            Matcher prefixed = Pattern.compile("\\[\\[ \"\\$service\" == ([a-z-]+) ]][^\\n]*\\n(?:[^\\n]*\\n){0,4}?[^\\n]*"
                    + "--resource-pattern-type prefixed --group \"\\$service([^\"]*)\"").matcher(script);
            while (prefixed.find()) {
                groupPrefixes.put(prefixed.group(1), prefixed.group(1) + prefixed.group(2));
            }
            return new AclTable(writes, reads, List.of(paced.group(1).split("\\s+")), Integer.parseInt(partitions.group(1)),
                    groupPrefixes);
        }

        Set<String> topics() {
            Set<String> topics = new TreeSet<>();
            writes.forEach((service, written) -> {
                topics.addAll(written);
                topics.add("sra.dlq." + service);
            });
            return topics;
        }

        Map<String, Set<String>> grants() {
            Map<String, Set<String>> grants = new TreeMap<>();
            writes.forEach((service, written) -> {
                Set<String> granted = new TreeSet<>();
                List<String> own = new ArrayList<>(written);
                own.add("sra.dlq." + service);
                own.forEach(topic -> List.of("Write", "Describe", "Create").forEach(op -> granted.add("topic " + topic + " " + op)));
                reads.get(service).forEach(topic -> List.of("Read", "Describe").forEach(op -> granted.add("topic " + topic + " " + op)));
                granted.add("group " + service + " Read");
                if (groupPrefixes.containsKey(service)) {
                    granted.add("group " + groupPrefixes.get(service) + "* Read");
                }
                pacedBy.forEach(group -> granted.add("group " + group + " Describe"));
                grants.put(service, granted);
            });
            return grants;
        }
    }

    // ---- rendering and reading -----------------------------------------------------------------------

    /** The overlay's objects as {@code kubectl kustomize} renders them; skips the test without kubectl. */
    private static synchronized List<JsonNode> rendered(String overlay) {
        String kubectl = kubectl();
        assumeTrue(kubectl != null, "kubectl is not installed (Debian: apt-get install kubernetes-client); "
                + "the rendered Kubernetes manifests are not checked");
        return RENDERED.computeIfAbsent(overlay, dir -> {
            try {
                Path errors = Files.createTempFile("kustomize", ".err");
                Process process = new ProcessBuilder(kubectl, "kustomize", dir).directory(REPOSITORY.toFile())
                    .redirectError(errors.toFile()).start();
                String yaml = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("kubectl kustomize %s finished", dir).isTrue();
                String stderr = Files.readString(errors);
                Files.delete(errors);
                assertThat(process.exitValue()).as("kubectl kustomize %s: %s", dir, stderr).isZero();
                List<JsonNode> objects = new ArrayList<>();
                try (var parser = YAML.getFactory().createParser(yaml)) {
                    YAML.readValues(parser, JsonNode.class).forEachRemaining(node -> {
                        if (node != null && !node.isNull() && !node.isMissingNode()) {
                            objects.add(node);
                        }
                    });
                }
                return List.copyOf(objects);
            } catch (IOException e) {
                throw new IllegalStateException("kubectl kustomize " + dir, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    private static String kubectl() {
        for (String dir : Objects.requireNonNullElse(System.getenv("PATH"), "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    private static <T extends HasMetadata> List<T> typed(String overlay, Class<T> type) {
        String kind = type.getSimpleName();
        List<T> objects = new ArrayList<>();
        for (JsonNode object : rendered(overlay)) {
            String key = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
            if (type.equals(BUILT_IN.get(key))) {
                try {
                    objects.add(STRICT.treeToValue(object, type));
                } catch (JsonProcessingException e) {
                    throw new AssertionError(overlay + ": " + kind + " does not read: " + e.getMessage(), e);
                }
            }
        }
        return objects;
    }

    /**
     * Reads {@code object} into {@code type} and lists the fields the model does not know (the
     * fabric8 model keeps them in {@code additionalProperties} rather than failing) and the
     * quantities that do not parse. Throws IllegalArgumentException when the object does not read
     * at all (wrong JSON types).
     */
    static List<String> strictProblems(JsonNode object, Class<?> type) {
        Object typed;
        try {
            typed = STRICT.treeToValue(object, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        }
        List<String> problems = new ArrayList<>();
        unknownFields(typed, "", problems);
        return problems;
    }

    private static void unknownFields(Object value, String path, List<String> problems) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", problems);
            }
            return;
        }
        if (value instanceof Map<?, ?> entries) {
            entries.forEach((key, item) -> unknownFields(item, path + "." + key, problems));
            return;
        }
        if (value instanceof Quantity quantity) {
            try {
                Quantity.getAmountInBytes(quantity);
            } catch (RuntimeException e) {
                problems.add(path.substring(1) + ": " + quantity + " is no quantity");
            }
            return;
        }
        if (value instanceof IntOrString || !value.getClass().getPackageName().startsWith("io.fabric8.kubernetes")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || getter.getDeclaringClass() == Object.class
                    || !(getter.getName().startsWith("get") || getter.getName().startsWith("is"))) {
                continue;
            }
            Object child;
            try {
                child = getter.invoke(value);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                ((Map<?, ?>) child).keySet().forEach(key -> problems.add((path + "." + key).substring(1)));
            } else {
                String field = getter.getName().replaceFirst("^(get|is)", "");
                field = Character.toLowerCase(field.charAt(0)) + field.substring(1);
                unknownFields(child, path + "." + field, problems);
            }
        }
    }

    /** Visits every scalar of a JSON tree with its dotted path. */
    private static void walk(JsonNode node, String path, BiConsumer<String, JsonNode> visitor) {
        if (node.isObject()) {
            node.properties().forEach(entry -> walk(entry.getValue(), path + "." + entry.getKey(), visitor));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "[" + i + "]", visitor);
            }
        } else {
            visitor.accept(path, node);
        }
    }

    private static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        if (selector.getMatchLabels() != null && !labels.entrySet().containsAll(selector.getMatchLabels().entrySet())) {
            return false;
        }
        for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
            boolean in = requirement.getValues().contains(labels.get(requirement.getKey()));
            boolean matches = switch (requirement.getOperator()) {
                case "In" -> in;
                case "NotIn" -> !in;
                case "Exists" -> labels.containsKey(requirement.getKey());
                case "DoesNotExist" -> !labels.containsKey(requirement.getKey());
                default -> throw new AssertionError("operator " + requirement.getOperator());
            };
            if (!matches) {
                return false;
            }
        }
        return true;
    }

    /** The container port a numeric or named port refers to, or null. */
    private static Integer containerPort(Container container, IntOrString port, String protocol) {
        for (ContainerPort declared : container.getPorts()) {
            boolean same = port.getIntVal() != null ? port.getIntVal().equals(declared.getContainerPort())
                    : port.getStrVal().equals(declared.getName());
            if (same && protocol(protocol).equals(protocol(declared.getProtocol()))) {
                return declared.getContainerPort();
            }
        }
        return null;
    }

    private static String portName(IntOrString port) {
        return port.getIntVal() != null ? String.valueOf(port.getIntVal()) : port.getStrVal();
    }

    private static String protocol(String protocol) {
        return protocol == null ? "TCP" : protocol;
    }

    private static <T extends HasMetadata> Map<String, T> byName(List<T> objects) {
        Map<String, T> byName = new TreeMap<>();
        objects.forEach(object -> assertThat(byName.put(object.getMetadata().getName(), object))
            .as("two %s named %s", object.getKind(), object.getMetadata().getName()).isNull());
        return byName;
    }

    private static List<JsonNode> all(List<JsonNode> objects, String kind) {
        return objects.stream().filter(object -> kind.equals(object.path("kind").asText())).toList();
    }

    private static JsonNode single(List<JsonNode> objects, String kind) {
        List<JsonNode> found = all(objects, kind);
        assertThat(found).as("one %s", kind).hasSize(1);
        return found.get(0);
    }

    private static <T> T single(List<T> objects) {
        assertThat(objects).hasSize(1);
        return objects.get(0);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }
}
