package org.sra.directory.csv;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;

/** A CSV answer: UTF-8 with a byte-order mark, so that a spreadsheet opens Japanese text correctly. */
public final class CsvDownload {

    private CsvDownload() {
    }

    /** Starts the attachment {@code fileName}; the caller writes the rows and flushes. */
    public static Writer open(HttpServletResponse response, String fileName) throws IOException {
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName + "\"");
        Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        out.write('\uFEFF');
        return out;
    }
}
