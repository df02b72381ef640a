package org.sra.directory.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.sra.kit.csv.CsvEncoding;

/** R-USR-2: every bad row of a user CSV, with its line number and reason. */
class UserCsvTests {

    static final Map<String, DirectoryUser> DIRECTORY = Map.of(
            "taro", new DirectoryUser("taro", "Taro", null, null, true),
            "hanako", new DirectoryUser("hanako", "Hanako", null, null, true),
            "ichiro", new DirectoryUser("ichiro", "Ichiro", null, null, true));

    static UserCsv.Parsed parse(String text) {
        return UserCsv.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void lineNumbersCountTheHeaderAndBlankLinesAndTheLastLineWithoutNewline() {
        UserCsv.Parsed parsed = parse("\uFEFFUserName\r\ntaro\r\n\r\n  hanako  \r\nichiro");
        assertThat(parsed.rows()).containsExactly(new UserCsv.Row(2, "taro"), new UserCsv.Row(4, "hanako"),
                new UserCsv.Row(5, "ichiro"));
        assertThat(UserCsv.check(parsed, Set.of(), DIRECTORY).errors()).isEmpty();
    }

    @Test
    void everyBadRowIsReportedInLineOrder() {
        UserCsv.Parsed parsed = parse("userName\nTARO\nnobody\ntaro\nhanako\n\"\"\nichiro,x\n\"a\u0001b\"\n"
                + "taro\u202Egnp\n");
        UserCsv.Checked checked = UserCsv.check(parsed, Set.of("hanako"), DIRECTORY);
        assertThat(checked.errors()).extracting(e -> e.line() + ":" + e.reason())
                .containsExactly("3:not-in-directory", "4:duplicate-in-file",
                        "6:user-name-missing", "7:too-many-columns", "8:user-name-invalid", "9:user-name-invalid");
        assertThat(checked.unchanged()).as("already a VPN user: unchanged, not an error")
                .containsExactly(new UserCsv.Row(5, "hanako"));
    }

    @Test
    void theExportsColumnsAreReadAndACp932FileIsRecognised() {
        String export = "userName,displayName,mail,source,addedAt,inDirectory\r\n"
                + "taro,山田 太郎,taro@example.com,ACTIVE_DIRECTORY,2026-01-01T00:00:00Z,true\r\n"
                + "hanako,佐藤 花子,,ACTIVE_DIRECTORY,2026-01-01T00:00:00Z,false\r\n";
        UserCsv.Parsed parsed = UserCsv.parse(export.getBytes(Charset.forName("windows-31j")));
        assertThat(parsed.encoding()).isEqualTo(CsvEncoding.CP932);
        assertThat(parsed.rows()).containsExactly(new UserCsv.Row(2, "taro"), new UserCsv.Row(3, "hanako"));
        assertThat(parsed.errors()).isEmpty();
        assertThatThrownBy(() -> parse("userName,displayName\ntaro,x\n")).as("only the template's or the export's header")
                .hasMessage("csv-header");
    }

    @Test
    void fileFaultsAreReportedForTheWholeFile() {
        assertThatThrownBy(() -> parse("user\ntaro\n")).hasMessage("csv-header");
        assertThatThrownBy(() -> UserCsv.parse(new byte[0])).hasMessage("csv-header");
        // 0x80 0xA0: neither UTF-8 nor CP932
        assertThatThrownBy(() -> UserCsv.parse(new byte[] {'u', 's', 'e', 'r', 'N', 'a', 'm', 'e', '\n', (byte) 0x80,
                (byte) 0xa0})).hasMessage("csv-encoding");
        assertThatThrownBy(() -> parse("userName\n\"taro\n")).hasMessage("csv-malformed");
        assertThatThrownBy(() -> parse("userName\n" + "x\n".repeat(UserCsv.MAX_ROWS + 1)))
                .hasMessage("csv-too-many-rows");
    }
}
