package org.sra.directory.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

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
}
