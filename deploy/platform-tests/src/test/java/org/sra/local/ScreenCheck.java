package org.sra.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.sra.local.services.ServiceSpec;

/**
 * Looks at a console screen as the admin sees it, from its DOM ({@code screen-check.js}): no raw
 * code ({@code PROXY_SETTINGS_CHANGED}), no internal field name ({@code primaryIp}), no text
 * overflowing its cell, button or badge, no column header broken over lines, the menu on one row.
 * What counts as internal is read from the services themselves: every property name with a capital
 * or an underscore and every enum value in their OpenAPI descriptions ({@code /v3/api-docs}).
 */
final class ScreenCheck {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String script;
    private final List<String> internalWords;
    private final List<String> findings = new ArrayList<>();

    private ScreenCheck(String script, List<String> internalWords) {
        this.script = script;
        this.internalWords = internalWords;
    }

    /** Reads the words the services use internally from each service's OpenAPI description. */
    static ScreenCheck of(Ports ports) {
        Set<String> words = new TreeSet<>();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (ServiceSpec service : ServiceSpec.ALL) {
            if (service.module().equals("gateway")) {
                continue;
            }
            try {
                HttpResponse<String> docs = http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + ports.service(service) + "/v3/api-docs"))
                        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
                if (docs.statusCode() == 200) {
                    collect(JSON.readTree(docs.body()).path("components").path("schemas"), words);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(service.module() + "'s /v3/api-docs", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        if (words.isEmpty()) {
            throw new IllegalStateException("no service answered /v3/api-docs: nothing to check the screens against");
        }
        try (InputStream in = ScreenCheck.class.getResourceAsStream("/screen-check.js")) {
            return new ScreenCheck(new String(in.readAllBytes(), StandardCharsets.UTF_8), List.copyOf(words));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Property names that are no plain word (a capital inside, or an underscore) and enum values, of every schema. */
    private static void collect(JsonNode node, Set<String> words) {
        if (node.isObject()) {
            JsonNode properties = node.path("properties");
            for (Iterator<String> names = properties.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (name.chars().skip(1).anyMatch(Character::isUpperCase) || name.contains("_")) {
                    words.add(name);
                }
            }
            for (JsonNode value : node.path("enum")) {
                // codes (ACCEPT, USER_DISABLED), not values that are words of their own (utf-8, update)
                String code = value.asText();
                if (value.isTextual() && code.length() > 2 && code.equals(code.toUpperCase(Locale.ROOT))
                        && code.chars().anyMatch(Character::isLetter)) {
                    words.add(code);
                }
            }
            node.forEach(child -> collect(child, words));
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, words));
        }
    }

    /** Checks the screen now shown, remembering what it found under the screen's name. */
    void check(WebDriver browser, String screen) {
        @SuppressWarnings("unchecked")
        List<String> found = (List<String>) ((JavascriptExecutor) browser).executeScript(script, internalWords);
        found.forEach(finding -> findings.add(screen + ": " + finding));
    }

    /** Everything found so far, one line per finding and screen. */
    List<String> findings() {
        return List.copyOf(findings);
    }

    int words() {
        return internalWords.size();
    }
}
