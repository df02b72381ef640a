#!/usr/bin/env bash
# docker-compose.yml's Kafka: starts the image's own launcher, then (once the broker answers)
# creates the topics, the services' SCRAM users and their ACLs with sra-kafka-acls.sh as the
# super user "admin", and marks the broker ready for the health check. Runs again at every start,
# so changed passwords in deploy/secrets/sra.env take effect.
set -euo pipefail

cat > /tmp/sra-admin.properties <<PROPERTIES
security.protocol=SASL_PLAINTEXT
sasl.mechanism=PLAIN
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="${SRA_KAFKA_ADMIN_PASSWORD}";
PROPERTIES
chmod 600 /tmp/sra-admin.properties
rm -f /tmp/sra-kafka-ready

/etc/kafka/docker/run &
kafka=$!
trap 'kill -TERM "$kafka"; wait "$kafka"' TERM INT

until /opt/kafka/bin/kafka-broker-api-versions.sh --bootstrap-server localhost:9092 \
    --command-config /tmp/sra-admin.properties > /dev/null 2>&1; do
  kill -0 "$kafka" 2> /dev/null || exit 1
  sleep 2
done
KAFKA_BOOTSTRAP=localhost:9092 KAFKA_ADMIN_CONFIG=/tmp/sra-admin.properties bash /opt/sra/sra-kafka-acls.sh
touch /tmp/sra-kafka-ready
wait "$kafka"
