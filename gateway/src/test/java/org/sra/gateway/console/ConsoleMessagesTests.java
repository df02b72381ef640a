package org.sra.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.sra.events.audit.AuditActions;
import org.sra.events.mail.MailKind;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The console's message files: Japanese and English have the same keys, and every key the
 * screens ask for ({@code t('…')}) exists, so no screen shows a raw key in either language, and
 * every audit action and mail kind has a label of its own in both. The
 * index page loads scripts only as files (the CSP forbids inline scripts).
 */
class ConsoleMessagesTests {

    private static final Path STATIC = Path.of("src/main/resources/static");
    private static final Pattern KEY_USE = Pattern.compile("\\bt\\('([a-zA-Z]+\\.[a-zA-Z.]+)'");

    @Test
    void japaneseAndEnglishHaveTheSameKeys() throws IOException {
        assertThat(keys("ja")).isEqualTo(keys("en"));
    }

    @Test
    void everyKeyTheScreensUseExists() throws IOException {
        Set<String> known = keys("ja");
        Set<String> used = new TreeSet<>();
        try (Stream<Path> files = Files.walk(STATIC.resolve("console"))) {
            for (Path file : files.filter(path -> path.toString().endsWith(".js")).toList()) {
                Matcher matcher = KEY_USE.matcher(Files.readString(file));
                while (matcher.find()) {
                    used.add(matcher.group(1));
                }
            }
        }
        assertThat(used).isNotEmpty();
        assertThat(known).containsAll(used);
    }

    @Test
    void everyAuditActionAndMailKindIsNamedInBothLanguages() throws IOException {
        for (String language : List.of("ja", "en")) {
            Set<String> known = keys(language);
            assertThat(AuditActions.all()).as("audit actions without a label in %s", language)
                    .allSatisfy(action -> assertThat(known).contains("audit.action." + action));
            assertThat(Arrays.stream(MailKind.values()).map(kind -> "mail.kind." + kind.name()))
                    .as("mail kinds without a label in %s", language).allSatisfy(key -> assertThat(known).contains(key));
        }
    }

    @Test
    void everyKeyHasATextInBothLanguages() throws IOException {
        for (String language : List.of("ja", "en")) {
            JsonNode messages = messages(language);
            assertThat(messages.propertyNames()).as("keys without text in %s", language)
                    .allSatisfy(key -> assertThat(messages.get(key).asString()).as(key).isNotBlank());
        }
    }

    /**
     * No validator's default text and no second wording of "required" in anything an admin reads:
     * the console's messages, the kit's and every service's problem messages.
     */
    @Test
    void noConstraintDefaultTextAndOneWordingForRequired() throws IOException {
        List<String> banned = List.of("size must be", "must not be blank", "must not be null", "must not be empty",
                "must be greater than", "must be less than", "must match", "の間のサイズにしてください",
                "以上の値にしてください", "以下の値にしてください", "空白は許可されていません", "null は許可されていません",
                "に一致させてください", "は必須です", " is required.");
        Map<String, String> texts = new TreeMap<>();
        for (String language : List.of("ja", "en")) {
            JsonNode messages = messages(language);
            messages.propertyNames().forEach(key -> texts.put("console " + language + " " + key, messages.get(key).asString()));
        }
        try (Stream<Path> files = Files.walk(Path.of(".."), 5)) {
            for (Path file : files.filter(path -> path.toString().contains("src/main/resources")
                    && path.getFileName().toString().matches("(messages|sra-kit-messages)(_en)?\\.properties")).toList()) {
                Properties properties = new Properties();
                try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    properties.load(reader);
                }
                properties.forEach((key, value) -> texts.put(file + " " + key, String.valueOf(value)));
            }
        }
        assertThat(texts.keySet()).as("the services' messages were read too").anyMatch(key -> key.contains("directory-service"))
                .anyMatch(key -> key.contains("sra-kit-messages"));
        texts.forEach((where, text) -> assertThat(text).as(where).doesNotContain(banned));
        // the console's "required" and the services' are one wording
        assertThat(messages("ja").get("common.requiredField").asString()).isEqualTo("「{name}」を入力してください。");
        assertThat(messages("en").get("common.requiredField").asString()).isEqualTo("Enter {name}.");
        Map<String, String> required = new TreeMap<>(texts);
        required.keySet().removeIf(where -> !(where.endsWith(" constraint.required") || where.endsWith(" violation.required")
                || where.endsWith("field-required")));
        assertThat(required).hasSizeGreaterThanOrEqualTo(8);
        required.forEach((where, text) -> assertThat(text).as(where).isIn("「{0}」を入力してください。", "Enter {0}."));
    }

    /** A missing field is reported with the one wording, all at once: no screen builds "label: 必須" itself. */
    @Test
    void screensReportMissingFieldsThroughTheOneRequiredMessage() throws IOException {
        try (Stream<Path> files = Files.walk(STATIC.resolve("console/screens"))) {
            for (Path file : files.filter(path -> path.toString().endsWith(".js")).toList()) {
                assertThat(Files.readString(file)).as(file.toString())
                        .doesNotContain(": ${t('common.required')}").doesNotContain("': ' + t('common.required')");
            }
        }
    }

    @Test
    void theIndexPageHasNoInlineScriptOrStyle() throws IOException {
        String index = Files.readString(STATIC.resolve("index.html"));
        assertThat(index).contains("<script type=\"module\" src=\"/console/app.js\"></script>");
        assertThat(index.replace("<script type=\"module\" src=\"/console/app.js\"></script>", ""))
                .doesNotContain("<script").doesNotContain("style=").doesNotContain("<style").doesNotContain(" on");
    }

    private static Set<String> keys(String language) throws IOException {
        return new TreeSet<>(messages(language).propertyNames());
    }

    private static JsonNode messages(String language) throws IOException {
        return JsonMapper.builder().build().readTree(STATIC.resolve("console/i18n/" + language + ".json").toFile());
    }
}
