package org.sra.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
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
    void theIndexPageHasNoInlineScriptOrStyle() throws IOException {
        String index = Files.readString(STATIC.resolve("index.html"));
        assertThat(index).contains("<script type=\"module\" src=\"/console/app.js\"></script>");
        assertThat(index.replace("<script type=\"module\" src=\"/console/app.js\"></script>", ""))
                .doesNotContain("<script").doesNotContain("style=").doesNotContain("<style").doesNotContain(" on");
    }

    private static Set<String> keys(String language) throws IOException {
        JsonNode messages = JsonMapper.builder().build().readTree(STATIC.resolve("console/i18n/" + language + ".json")
                .toFile());
        return new TreeSet<>(messages.propertyNames());
    }
}
