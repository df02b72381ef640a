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
     * Whether {@code text} can be written in {@code encoding} without losing a character (CP932
     * lacks e.g. emoji and some kanji); the first line that cannot, or -1.
     */
    public static int firstUnencodableLine(String text, CsvEncoding encoding) {
        if (encoding == CsvEncoding.UTF_8) {
            return -1;
        }
        var encoder = encoding.charset().newEncoder();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (!encoder.canEncode(lines[i])) {
                return i + 1;
            }
        }
        return -1;
    }

    /**
     * Sends the whole export {@code text} as the attachment {@code fileName} in {@code encoding};
     * text CP932 cannot hold is 422 {@code csv-export-not-encodable} naming its line, rather than
     * a file whose characters were silently replaced (it would not re-import unchanged).
     */
    public static void send(HttpServletResponse response, String fileName, CsvEncoding encoding, String text)
            throws IOException {
        int bad = firstUnencodableLine(text, encoding);
        if (bad > 0) {
            throw new DomainException(DomainException.Kind.UNPROCESSABLE, "csv-export-not-encodable",
                    Map.of("field", "encoding", "line", bad), String.valueOf(bad), encoding.label());
        }
        byte[] body = encoding.encode(text);
        response.setContentType("text/csv;charset=" + (encoding == CsvEncoding.UTF_8 ? "UTF-8" : "windows-31j"));
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName + "\"");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.getOutputStream().flush();
    }
}
