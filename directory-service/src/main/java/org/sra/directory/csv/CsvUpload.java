package org.sra.directory.csv;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The shape of an uploaded CSV file: UTF-8 only (a byte-order mark is fine), RFC 4180, blank
 * lines skipped, the header {@link #header} (names compared case-insensitively), then at most
 * {@link #maxRows} data lines. Each data line is handed on with its line number in the file
 * (header and blank lines counted), so that a report names the line the admin sees.
 *
 * @param header     the column names
 * @param headerSlug the problem of a missing or wrong header (and of an empty file)
 * @param maxRows    data lines at most ({@code csv-too-many-rows} beyond)
 */
public record CsvUpload(List<String> header, String headerSlug, int maxRows) {

    /** Takes one data line. */
    @FunctionalInterface
    public interface LineReader {
        void read(int line, CSVRecord record);
    }

    /** The whole file is unusable (encoding, header, size, quoting); {@code slug} is the problem type. */
    public static final class FileProblem extends RuntimeException {
        public final String slug;

        FileProblem(String slug) {
            super(slug);
            this.slug = slug;
        }
    }

    /** A bad row: {@code reason} is a stable code ({@code csv.reason.<code>} in the message bundles). */
    public record RowError(int line, String userName, String reason) {
    }

    /**
     * Hands every data line of {@code body} to {@code lines}.
     *
     * @throws FileProblem when the file as a whole cannot be read
     */
    public void read(byte[] body, LineReader lines) {
        String text = decode(body);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (!text.endsWith("\n")) {
            text = text + "\n"; // so that the parser's line count after a record is that record's line
        }
        try (CSVParser parser = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get()
                .parse(new StringReader(text))) {
            int rows = -1; // the header comes first
            for (CSVRecord record : parser) {
                if (rows < 0) {
                    checkHeader(record);
                } else if (rows >= maxRows) {
                    throw new FileProblem("csv-too-many-rows");
                } else {
                    lines.read((int) parser.getCurrentLineNumber(), record);
                }
                rows++;
            }
            if (rows < 0) {
                throw new FileProblem(headerSlug);
            }
        } catch (IOException | IllegalStateException | UncheckedIOException e) {
            throw new FileProblem("csv-malformed");
        }
    }

    /** The cell in column {@code index}; empty when the line is shorter. */
    public static String cell(CSVRecord record, int index) {
        return index < record.size() ? record.get(index) : "";
    }

    /** Whether the line has anything beyond the header's columns. */
    public boolean hasExtraCells(CSVRecord record) {
        return record.size() > header.size() && !record.stream().skip(header.size()).allMatch(String::isBlank);
    }

    /** A value as a report may show it: control characters replaced, at most 100 characters. */
    public static String clip(String value) {
        String visible = value.replaceAll("\\p{Cntrl}", "?");
        return visible.length() > 100 ? visible.substring(0, 100) + "…" : visible;
    }

    private void checkHeader(CSVRecord record) {
        List<String> names = record.stream().map(String::strip).toList();
        if (names.size() != header.size()
                || !IntStream.range(0, header.size()).allMatch(i -> header.get(i).equalsIgnoreCase(names.get(i)))) {
            throw new FileProblem(headerSlug);
        }
    }

    private String decode(byte[] body) {
        if (body == null || body.length == 0) {
            throw new FileProblem(headerSlug);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new FileProblem("csv-encoding");
        }
    }
}
