package org.sra.directory.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** R-ACC-5: the CSV export cannot smuggle a formula into a spreadsheet. */
class CsvCellsTests {

    @ParameterizedTest
    @ValueSource(strings = {"=HYPERLINK(\"http://evil\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"})
    void cellsThatASpreadsheetWouldEvaluateArePrefixedWithAnApostrophe(String cell) {
        assertThat(CsvCells.neutralise(cell)).isEqualTo("'" + cell);
    }

    @Test
    void ordinaryCellsAreLeftAlone() {
        assertThat(CsvCells.neutralise("yamada@acme")).isEqualTo("yamada@acme");
        assertThat(CsvCells.neutralise("{\"name\":\"=x\"}")).isEqualTo("{\"name\":\"=x\"}");
        assertThat(CsvCells.neutralise("")).isEmpty();
        assertThat(CsvCells.neutralise(null)).isEmpty();
    }
}
