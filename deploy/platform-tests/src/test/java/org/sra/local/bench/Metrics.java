package org.sra.local.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One service's {@code /actuator/prometheus}, read as a client (on the service's own port, or the
 * gateway's management port: see {@link Lab#metrics}): the samples of a metric, summed over the
 * series whose labels match. Counters are read as deltas between two scrapes, since a
 * service counts every tenant's events together.
 */
public final class Metrics {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final String base;

    /** @param managementBase where the service's {@code /actuator} answers */
    public Metrics(String managementBase) {
        this.base = managementBase;
    }

    /** The sum of {@code name}'s samples whose labels include every given {@code label, value} pair; 0 when none. */
    public double sum(String name, String... labels) {
        return Scrape.of(read()).sum(name, labels);
    }

    public Scrape scrape() {
        return Scrape.of(read());
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

    private String read() {
        try {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus"))
                    .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException(base + "/actuator/prometheus answered " + answer.statusCode());
            }
            return answer.body();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(base + "/actuator/prometheus: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
