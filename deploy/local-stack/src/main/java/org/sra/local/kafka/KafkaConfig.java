package org.sra.local.kafka;

import java.nio.file.Path;

/** The broker's configuration files: one node, loopback only, replication factor 1 everywhere. */
final class KafkaConfig {

    private KafkaConfig() {
    }

    static String serverProperties(Path logDirs, int port, int controllerPort) {
        String broker = "127.0.0.1:" + port;
        String controller = "127.0.0.1:" + controllerPort;
        return """
                # Written by org.sra.local.kafka.KafkaBroker at every start; edits are overwritten.
                process.roles=broker,controller
                node.id=1
                controller.quorum.bootstrap.servers=%2$s
                listeners=PLAINTEXT://%1$s,CONTROLLER://%2$s
                advertised.listeners=PLAINTEXT://%1$s,CONTROLLER://%2$s
                controller.listener.names=CONTROLLER
                inter.broker.listener.name=PLAINTEXT
                listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
                log.dirs=%3$s

                auto.create.topics.enable=true
                num.partitions=3
                default.replication.factor=1
                min.insync.replicas=1
                offsets.topic.replication.factor=1
                offsets.topic.num.partitions=10
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                transaction.state.log.num.partitions=10
                share.coordinator.state.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1
                group.initial.rebalance.delay.ms=0

                # A laptop, not a data centre: few threads, a week of data.
                num.network.threads=2
                num.io.threads=4
                num.recovery.threads.per.data.dir=1
                log.retention.hours=168
                log.segment.bytes=67108864
                """.formatted(broker, controller, logDirs.toAbsolutePath().toString().replace('\\', '/'));
    }

    static String log4j2Properties() {
        return """
                # Written by org.sra.local.kafka.KafkaBroker: INFO to standard output (the broker's log file).
                status = warn
                # Kafka logs its own shutdown; log4j must not stop before it.
                shutdownHook = disable
                appender.out.type = Console
                appender.out.name = OUT
                appender.out.layout.type = PatternLayout
                appender.out.layout.pattern = [%d] %p %m (%c)%n
                rootLogger.level = INFO
                rootLogger.appenderRef.out.ref = OUT
                logger.request.name = kafka.request.logger
                logger.request.level = WARN
                logger.network.name = kafka.network.RequestChannel$
                logger.network.level = WARN
                logger.controller.name = org.apache.kafka.controller
                logger.controller.level = INFO
                logger.cleaner.name = kafka.log.LogCleaner
                logger.cleaner.level = WARN
                """;
    }
}
