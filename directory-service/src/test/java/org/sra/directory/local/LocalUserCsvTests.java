package org.sra.directory.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.sra.kit.csv.CsvEncoding;

/** Rows of a LOCAL users' CSV: what the file may carry in a display name. */
class LocalUserCsvTests {

    @Test
    void aDisplayNameWithControlCharactersOrTextDirectionMarksIsABadRow() {
        LocalUserCsv.Parsed parsed = LocalUserCsv.parse(("userName,displayName,mail,password\n"
                + "taro,Taro Yamada,,Passw0rd-long\n"
                + "jiro,\"Jiro\u202Efdp.exe\",,Passw0rd-long\n"
                + "saburo,\"Sab\u0007uro\",,Passw0rd-long\n").getBytes(StandardCharsets.UTF_8));

        assertThat(parsed.rows()).extracting(LocalUserCsv.Row::userName).containsExactly("taro");
        assertThat(parsed.errors()).extracting(e -> e.line() + ":" + e.reason())
                .containsExactly("3:display-name-invalid", "4:display-name-invalid");
    }

    @Test
    void theExportImportsAgainExistingUsersUnchangedAndNewOnesNeedAPassword() {
        LocalUserCsv.Parsed parsed = LocalUserCsv.parse(("userName,displayName,mail,createdAt,passwordChangedAt\r\n"
                + "taro,山田 太郎,taro@example.com,2026-01-01T00:00:00Z,2026-01-01T00:00:00Z\r\n"
                + "newbie,新人,,2026-01-01T00:00:00Z,2026-01-01T00:00:00Z\r\n")
                .getBytes(Charset.forName("windows-31j")));
        assertThat(parsed.encoding()).isEqualTo(CsvEncoding.CP932);
        assertThat(parsed.errors()).isEmpty();

        LocalUserCsv.Checked checked = LocalUserCsv.check(parsed, Set.of("taro"));
        assertThat(checked.unchanged()).extracting(LocalUserCsv.Row::userName).containsExactly("taro");
        assertThat(checked.errors()).extracting(e -> e.line() + ":" + e.reason()).containsExactly("3:password-missing");

        LocalUserCsv.Parsed withPassword = LocalUserCsv.parse("userName,displayName,mail,password\ntaro,T,,Passw0rd-long\n"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(LocalUserCsv.check(withPassword, Set.of("taro")).errors())
                .as("a file with passwords would set one: an existing user is an error there")
                .extracting(e -> e.line() + ":" + e.reason()).containsExactly("2:local-user-exists");
    }
}
