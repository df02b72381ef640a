package org.sra.kit.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlainTextEchoTests {

    @Test
    void aRepeatedValueShowsControlAndDirectionCharactersAsQuestionMarksAndStopsAtOneHundredCharacters() {
        assertThat(PlainText.echo("単\u0002罦\u202Eabc\r\nx")).isEqualTo("単?罦?abc??x");
        assertThat(PlainText.firstForbidden(PlainText.echo("a\u0000b\u2066c\u007F"))).isEqualTo(-1);
        String long_ = "x".repeat(80_000);
        assertThat(PlainText.echo(long_)).hasSize(101).endsWith("…");
        assertThat(PlainText.echo("x".repeat(100))).hasSize(100).doesNotEndWith("…");
    }
}
