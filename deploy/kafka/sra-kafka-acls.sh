#!/usr/bin/env bash
# Creates SRA's topics, each service's SCRAM-SHA-512 user and the ACLs that let it write only the
# topics of the events it owns (plus its dead-letter topic) and read only the topics it consumes.
# docs/kafka-security.md explains the table below; service-kit's KafkaAclsDocumentedTests checks
# it against the event contracts and the services' bindings.
#
# Run it as a Kafka super user, again whenever a password changes (everything is idempotent):
#
#   KAFKA_BOOTSTRAP=broker:9093 KAFKA_ADMIN_CONFIG=admin.properties \
#   SRA_KAFKA_PASSWORD_DIRECTORY=... SRA_KAFKA_PASSWORD_DEVICE=... SRA_KAFKA_PASSWORD_PROFILE=... \
#   SRA_KAFKA_PASSWORD_AUTH=... SRA_KAFKA_PASSWORD_NOTIFICATION=... deploy/kafka/sra-kafka-acls.sh
#
# KAFKA_ADMIN_CONFIG is a client properties file with the super user's security settings.
# A service whose password variable is unset keeps its user as it is (only its ACLs are added).
# Passwords: letters and digits only (e.g. `openssl rand -hex 24`); kafka-configs cannot take ',' or ']'.
set -euo pipefail

BIN=${KAFKA_BIN:-/opt/kafka/bin}
BOOTSTRAP=${KAFKA_BOOTSTRAP:?set KAFKA_BOOTSTRAP}
CONFIG=${KAFKA_ADMIN_CONFIG:?set KAFKA_ADMIN_CONFIG}
PARTITIONS=${SRA_KAFKA_PARTITIONS:-3}
REPLICATION=${SRA_KAFKA_REPLICATION_FACTOR:-1}

# service | password variable | topics it writes | topics it reads (its consumer group is its name)
SERVICES=(
  "directory-service|SRA_KAFKA_PASSWORD_DIRECTORY|sra.tenants sra.nas-clients sra.admin-accounts sra.settings sra.vpn-users sra.audit|sra.audit sra.admin-accounts"
  "device-service|SRA_KAFKA_PASSWORD_DEVICE|sra.devices sra.device-imports sra.audit|sra.tenants sra.vpn-users sra.settings sra.connections sra.profiles sra.admin-accounts"
  "profile-service|SRA_KAFKA_PASSWORD_PROFILE|sra.profiles sra.proxy-settings sra.audit|sra.devices sra.device-imports sra.vpn-users sra.tenants sra.settings sra.admin-accounts"
  "auth-service|SRA_KAFKA_PASSWORD_AUTH|sra.connections sra.sessions sra.audit|sra.tenants sra.nas-clients sra.settings sra.vpn-users sra.devices sra.device-imports sra.profiles sra.proxy-settings sra.admin-accounts"
  "notification-service|SRA_KAFKA_PASSWORD_NOTIFICATION|sra.mails sra.audit|sra.profiles sra.devices sra.settings sra.tenants sra.admin-accounts"
)
# every relay reads the lag of these groups to pace bulk backlogs (sra.outbox.paced-by-groups)
PACED_BY_GROUPS="directory-service device-service profile-service auth-service notification-service"

admin() { "$BIN/$1" --bootstrap-server "$BOOTSTRAP" --command-config "$CONFIG" "${@:2}"; }
allow() { # user, resource option, resource name, operations...
  local user=$1 resource=$2 name=$3; shift 3
  local ops=(); for op in "$@"; do ops+=(--operation "$op"); done
  admin kafka-acls.sh --add --allow-principal "User:$user" "${ops[@]}" "$resource" "$name" > /dev/null
}

for entry in "${SERVICES[@]}"; do
  IFS='|' read -r service variable writes reads <<< "$entry"
  for topic in $writes sra.dlq.$service; do
    admin kafka-topics.sh --create --if-not-exists --topic "$topic" \
      --partitions "$PARTITIONS" --replication-factor "$REPLICATION" > /dev/null
  done
done

for entry in "${SERVICES[@]}"; do
  IFS='|' read -r service variable writes reads <<< "$entry"
  password=${!variable:-}
  if [[ -n "$password" ]]; then
    admin kafka-configs.sh --alter --entity-type users --entity-name "$service" \
      --add-config "SCRAM-SHA-512=[iterations=8192,password=$password]" > /dev/null
    echo "$service: SCRAM-SHA-512 user set"
  fi
  for topic in $writes sra.dlq.$service; do
    allow "$service" --topic "$topic" Write Describe Create
  done
  for topic in $reads; do
    allow "$service" --topic "$topic" Read Describe
  done
  allow "$service" --group "$service" Read
  if [[ "$service" == auth-service ]]; then
    # each auth-service instance also hears the view-changing events in a group of its own
    # (binding viewChanges-in-0: auth-service.instance.<random>)
    admin kafka-acls.sh --add --allow-principal "User:$service" --operation Read \
      --resource-pattern-type prefixed --group "$service.instance." > /dev/null
  fi
  for group in $PACED_BY_GROUPS; do
    allow "$service" --group "$group" Describe
  done
  echo "$service: writes $writes sra.dlq.$service; reads $reads; group $service"
done
