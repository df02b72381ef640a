package org.sra.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.FileSystemResource;
import org.sra.events.EventTypes;
import org.sra.events.Services;
import org.sra.events.Topics;

/**
 * The per-service topic permissions in docs/kafka-security.md and deploy/kafka/sra-kafka-acls.sh
 * are what the contracts and the services' bindings need: each service writes exactly the topics
 * of the events it owns plus its dead-letter topic, and reads exactly its {@code events-in-0}
 * and {@code imports-in-0} destinations.
 */
class KafkaAclsDocumentedTests {

    private static final Path REPOSITORY = Path.of("..");
    private static final Pattern DOC_ROW = Pattern.compile(
            "^\\|\\s*([a-z-]+-service)\\s*\\|([^|]*)\\|([^|]*)\\|\\s*`([a-z-]+)`\\s*\\|$");
    private static final Pattern SCRIPT_ROW = Pattern.compile("^\\s*\"([a-z-]+)\\|(\\w+)\\|([^|]*)\\|([^|]*)\"$");

    record Grants(Set<String> writes, Set<String> reads) {
    }

    @Test
    void theDocumentedTableIsWhatTheContractsAndBindingsNeed() throws IOException {
        Map<String, Grants> documented = new TreeMap<>();
        Map<String, String> groups = new TreeMap<>();
        try (Stream<String> lines = Files.lines(REPOSITORY.resolve("docs/kafka-security.md"))) {
            lines.map(DOC_ROW::matcher).filter(Matcher::matches).forEach(row -> {
                documented.put(row.group(1), new Grants(topics(row.group(2).replace("`", "").split(",")),
                        topics(row.group(3).replace("`", "").split(","))));
                groups.put(row.group(1), row.group(4));
            });
        }

        assertThat(documented).isEqualTo(needed());
        groups.forEach((service, group) -> assertThat(group).as("%s consumer group", service).isEqualTo(service));
    }

    @Test
    void theAclScriptGrantsWhatTheContractsAndBindingsNeed() throws IOException {
        Map<String, Grants> scripted = new TreeMap<>();
        try (Stream<String> lines = Files.lines(REPOSITORY.resolve("deploy/kafka/sra-kafka-acls.sh"))) {
            lines.map(SCRIPT_ROW::matcher).filter(Matcher::matches).forEach(row -> {
                Set<String> writes = topics(row.group(3).split(" "));
                writes.add(Topics.deadLetter(row.group(1))); // the script adds each service's own
                scripted.put(row.group(1), new Grants(writes, topics(row.group(4).split(" "))));
            });
        }

        assertThat(scripted).isEqualTo(needed());
    }

    /** From the contracts (owned types' topics) and each service's application.yml (destinations). */
    private static Map<String, Grants> needed() throws IOException {
        Map<String, Grants> needed = new TreeMap<>();
        for (String service : Services.all()) {
            Set<String> writes = new TreeSet<>(EventTypes.topicsWrittenBy(service));
            writes.add(Topics.deadLetter(service));
            needed.put(service, new Grants(writes, topics(destination(service).split(","))));
        }
        return needed;
    }

    private static String destination(String service) throws IOException {
        Path file = REPOSITORY.resolve(service).resolve("src/main/resources/application.yml");
        for (PropertySource<?> source : new YamlPropertySourceLoader().load(service, new FileSystemResource(file))) {
            Object destination = source.getProperty("spring.cloud.stream.bindings.events-in-0.destination");
            if (destination != null) {
                Object imports = source.getProperty("spring.cloud.stream.bindings.imports-in-0.destination");
                return imports == null ? destination.toString() : destination + "," + imports;
            }
        }
        throw new AssertionError(service + " binds no events-in-0 destination in " + file);
    }

    private static Set<String> topics(String[] names) {
        return Stream.of(names).map(String::trim).filter(name -> !name.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
