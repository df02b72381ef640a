package org.sra.kit.health;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * UP when the Kafka cluster answers a describe-cluster within the timeout, asked with the same
 * security settings as the service's other Kafka clients (a wrong password makes it DOWN).
 */
public class KafkaBrokerHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

    private final Admin admin;
    private final Duration timeout;

    public KafkaBrokerHealthIndicator(String brokers, Duration timeout) {
        this(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers), timeout);
    }

    /**
     * @param clientConfiguration the Kafka client properties the service's other clients use:
     *                            brokers and security ({@code KafkaSecurity.clientConfiguration})
     */
    public KafkaBrokerHealthIndicator(Map<String, Object> clientConfiguration, Duration timeout) {
        super("Kafka broker unreachable");
        this.timeout = timeout;
        Map<String, Object> config = new HashMap<>(clientConfiguration);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "sra-health");
        this.admin = Admin.create(config);
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        var cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()));
        String clusterId = cluster.clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        int nodes = cluster.nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
        builder.up().withDetail("clusterId", clusterId).withDetail("nodes", nodes);
    }

    @Override
    public void destroy() {
        admin.close(Duration.ofSeconds(2));
    }
}
