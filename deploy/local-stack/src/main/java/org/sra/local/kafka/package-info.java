/** The real Apache Kafka broker (KRaft, one node) that runs as a child JVM. */
package org.sra.local.kafka;
