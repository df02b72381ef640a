package org.sra.kit.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.sra.kit.error.DomainException;

class CsvEncodingTests {

    private static final String SHEET = "userName,displayName\r\ntaro.yamada,山田 太郎\r\nhanako,鈴木 花子（営業）①\r\n";

    @Test
    void excelsJapaneseCsvIsReadAsCp932() {
        byte[] bytes = SHEET.getBytes(Charset.forName("windows-31j"));

        CsvEncoding.Decoded decoded = CsvEncoding.decode(bytes).orElseThrow();

        assertThat(decoded.encoding()).isEqualTo(CsvEncoding.CP932);
        assertThat(decoded.text()).isEqualTo(SHEET);
    }

    @Test
    void utf8IsReadWithAndWithoutItsByteOrderMark() {
        byte[] withBom = CsvEncoding.UTF_8.encode(SHEET);
        byte[] without = SHEET.getBytes(StandardCharsets.UTF_8);

        assertThat(withBom).hasSize(without.length + 3);
        assertThat(CsvEncoding.decode(withBom).orElseThrow()).isEqualTo(new CsvEncoding.Decoded(SHEET, CsvEncoding.UTF_8));
        assertThat(CsvEncoding.decode(without).orElseThrow()).isEqualTo(new CsvEncoding.Decoded(SHEET, CsvEncoding.UTF_8));
    }

    @Test
    void anExportInEitherEncodingReadsBackUnchanged() {
        for (CsvEncoding encoding : CsvEncoding.values()) {
            CsvEncoding.Decoded decoded = CsvEncoding.decode(encoding.encode(SHEET)).orElseThrow();
            assertThat(decoded.text()).isEqualTo(SHEET);
            assertThat(decoded.encoding()).isEqualTo(encoding);
        }
    }

    @Test
    void anExportCp932CannotHoldIsRefusedNamingItsLineInsteadOfWrittenWithQuestionMarks() {
        String text = "userName,displayName\r\ntaro,山田 太郎\r\nhanako,花子 \uD83C\uDF38\r\n";

        assertThat(CsvEncoding.CP932.firstUnencodableLine(text)).isEqualTo(3);
        assertThatThrownBy(() -> CsvEncoding.CP932.encode(text)).isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(e.slug()).isEqualTo("csv-export-not-encodable");
            assertThat(e.properties()).containsEntry("line", 3);
        });
        assertThat(CsvEncoding.decode(CsvEncoding.UTF_8.encode(text)).orElseThrow().text()).isEqualTo(text);
    }

    @Test
    void bytesThatAreNeitherAreRefused() {
        // 0x80 and 0xA0 are undefined in CP932 and cannot start a UTF-8 sequence
        byte[] bytes = {'a', ',', (byte) 0x80, (byte) 0xA0, '\n'};

        assertThat(CsvEncoding.decode(bytes)).isEmpty();
    }

    @Test
    void theExportChoiceIsReadFromItsParameter() {
        assertThat(CsvEncoding.ofParameter(null)).contains(CsvEncoding.UTF_8);
        assertThat(CsvEncoding.ofParameter("Shift_JIS")).contains(CsvEncoding.CP932);
        assertThat(CsvEncoding.ofParameter("cp932")).contains(CsvEncoding.CP932);
        assertThat(CsvEncoding.ofParameter("latin1")).isEmpty();
    }
}
