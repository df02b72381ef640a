package org.sra.profile.download.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.ContentDisposition;

/** R-PRO-6: the file is named {@code <profile id>.xml}, with the ':' of the id safely encoded. */
class ContentDispositionsTests {

    @Test
    void theExactNameTravelsEncodedWithAnAsciiFallback() {
        String header = ContentDispositions.attachment("u-42:d-7.xml");
        assertThat(header).isEqualTo("attachment; filename=\"u-42_d-7.xml\"; filename*=UTF-8''u-42%3Ad-7.xml");
        assertThat(ContentDisposition.parse(header).getFilename()).isEqualTo("u-42:d-7.xml");
    }

    @Test
    void quotesLineBreaksAndNonAsciiCannotBreakTheHeader() {
        String header = ContentDispositions.attachment("a\"b\r\nc:ユーザ.xml");
        assertThat(header).doesNotContain("\r").doesNotContain("\n");
        assertThat(ContentDisposition.parse(header).getFilename()).isEqualTo("a\"b\r\nc:ユーザ.xml");
    }
}
