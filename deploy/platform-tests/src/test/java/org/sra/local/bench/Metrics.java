package org.sra.local.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One service's {@code /actuator/prometheus}, read as a client (on the service's own port, or the
 * gateway's management port: see {@link Lab#metrics}): the samples of a metric, summed over the
 * series whose labels match. Counters are read as deltas between two scrapes, since a
 * service counts every tenant's events together. A service started several times is read at every
 * instance, and each sample summed over them (what the service did, whichever instance did it).
 */
public final class Metrics {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final List<String> bases;

    /** @param managementBase where the service's {@code /actuator} answers */
    public Metrics(String managementBase) {
        this(List.of(managementBase));
    }

    /** @param managementBases where each instance's {@code /actuator} answers */
    public Metrics(List<String> managementBases) {
        this.bases = List.copyOf(managementBases);
    }

    /** The sum of {@code name}'s samples whose labels include every given {@code label, value} pair; 0 when none. */
    public double sum(String name, String... labels) {
        return scrape().sum(name, labels);
    }

    /**
     * Every instance's samples summed; of several instances, one that refuses connections (a replica a
     * test stopped) is left out, so a count then covers the live ones only.
     */
    public Scrape scrape() {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String base : bases) {
            String text;
            try {
                text = read(base);
            } catch (UncheckedIOException e) {
                if (bases.size() > 1 && e.getCause() instanceof ConnectException) {
                    continue;
                }
                throw e;
            }
            Scrape.of(text).samples().forEach((key, value) -> samples.merge(key, value, Double::sum));
        }
        return new Scrape(samples);
    }

    /** The text of one scrape, parsed. */
    public record Scrape(Map<String, Double> samples) {

        static Scrape of(String text) {
            Map<String, Double> samples = new LinkedHashMap<>();
            for (String line : text.split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                Matcher m = SAMPLE.matcher(line);
                if (m.find()) {
                    try {
                        samples.put(m.group(1) + "{" + (m.group(3) == null ? "" : m.group(3)) + "}",
                                Double.parseDouble(m.group(4)));
                    } catch (NumberFormatException e) {
                        // NaN written differently, or a value we do not need
                    }
                }
            }
            return new Scrape(samples);
        }

        public double sum(String name, String... labels) {
            double sum = 0;
            for (Map.Entry<String, Double> sample : samples.entrySet()) {
                String key = sample.getKey();
                int brace = key.indexOf('{');
                if (!key.substring(0, brace).equals(name)) {
                    continue;
                }
                Map<String, String> have = new LinkedHashMap<>();
                Matcher m = LABEL.matcher(key.substring(brace));
                while (m.find()) {
                    have.put(m.group(1), m.group(2));
                }
                boolean match = true;
                for (int i = 0; i + 1 < labels.length; i += 2) {
                    match &= labels[i + 1].equals(have.get(labels[i]));
                }
                if (match) {
                    sum += sample.getValue();
                }
            }
            return sum;
        }
    }

    private static String read(String base) {
        try {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus"))
                    .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException(base + "/actuator/prometheus answered " + answer.statusCode());
            }
            return answer.body();
        } catch (IOException e) {
            throw new UncheckedIOException(base + "/actuator/prometheus: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
