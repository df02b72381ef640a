package org.sra.directory.csv;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.sra.kit.csv.CsvEncoding;
import org.sra.kit.error.DomainException;

/**
 * A CSV answer: by default UTF-8 with a byte-order mark, so that a spreadsheet opens Japanese
 * text correctly; exports may also be asked for in CP932 ({@code ?encoding=cp932}), what Excel in
 * Japan reads without a byte-order mark.
 */
public final class CsvDownload {

    private CsvDownload() {
    }

    /** Starts the UTF-8 attachment {@code fileName}; the caller writes the rows and flushes. */
    public static Writer open(HttpServletResponse response, String fileName) throws IOException {
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName + "\"");
        Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        out.write('\uFEFF');
        return out;
    }

    /**
     * The export encoding the {@code encoding} query parameter asks for (absent: UTF-8);
     * anything else is 400 {@code csv-encoding-unknown}.
     */
    public static CsvEncoding encoding(String parameter) {
        return CsvEncoding.ofParameter(parameter).orElseThrow(() -> new DomainException(DomainException.Kind.INVALID,
                "csv-encoding-unknown", Map.of("field", "encoding"), CsvUpload.clip(parameter)));
    }

    /**
     * Sends the whole export {@code text} as the attachment {@code fileName} in {@code encoding};
     * text CP932 cannot hold is 422 {@code csv-export-not-encodable} naming its line
     * ({@link CsvEncoding#encode}).
     */
    public static void send(HttpServletResponse response, String fileName, CsvEncoding encoding, String text)
            throws IOException {
        byte[] body = encoding.encode(text);
        response.setContentType("text/csv;charset=" + (encoding == CsvEncoding.UTF_8 ? "UTF-8" : "windows-31j"));
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName + "\"");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.getOutputStream().flush();
    }
}
