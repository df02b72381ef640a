package org.sra.directory.csv;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.IntStream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.sra.kit.csv.CsvEncoding;
import org.sra.kit.web.PlainText;

/**
 * The shape of an uploaded CSV file: UTF-8 (with or without a byte-order mark) or CP932, as
 * Excel in Japan saves it, told apart by the kit's {@link CsvEncoding}; RFC 4180, blank lines
 * skipped, one of the accepted {@link #headers} (names compared case-insensitively), then at most
 * {@link #maxRows} data lines. Each data line is handed on with its line number in the file
 * (header and blank lines counted), so that a report names the line the admin sees.
 *
 * @param headers    the accepted headers (column names), e.g. the import template's and the export's
 * @param headerSlug the problem of a missing or wrong header (and of an empty file)
 * @param maxRows    data lines at most ({@code csv-too-many-rows} beyond)
 */
public record CsvUpload(List<List<String>> headers, String headerSlug, int maxRows) {

    /** A file with one accepted header. */
    public static CsvUpload of(List<String> header, String headerSlug, int maxRows) {
        return new CsvUpload(List.of(header), headerSlug, maxRows);
    }

    /** Takes one data line. */
    @FunctionalInterface
    public interface LineReader {
        void read(int line, Line record);
    }

    /**
     * A data line under the file's header.
     *
     * @param header the file's header as accepted (one of {@link #headers})
     */
    public record Line(CSVRecord record, List<String> header) {

        /** The cell of column {@code name}; empty when the file has no such column or the line is shorter. */
        public String cell(String name) {
            int index = IntStream.range(0, header.size()).filter(i -> header.get(i).equalsIgnoreCase(name))
                    .findFirst().orElse(-1);
            return index < 0 || index >= record.size() ? "" : record.get(index);
        }

        /** Whether the file has column {@code name}. */
        public boolean has(String name) {
            return header.stream().anyMatch(name::equalsIgnoreCase);
        }

        /** Whether the line has anything beyond the header's columns. */
        public boolean hasExtraCells() {
            return record.size() > header.size() && !record.stream().skip(header.size()).allMatch(String::isBlank);
        }
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
     * @return the encoding the file was read in
     * @throws FileProblem when the file as a whole cannot be read
     */
    public CsvEncoding read(byte[] body, LineReader lines) {
        if (body == null || body.length == 0) {
            throw new FileProblem(headerSlug);
        }
        CsvEncoding.Decoded decoded = CsvEncoding.decode(body).orElseThrow(() -> new FileProblem("csv-encoding"));
        String text = decoded.text();
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (!text.endsWith("\n")) {
            text = text + "\n"; // so that the parser's line count after a record is that record's line
        }
        try (CSVParser parser = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get()
                .parse(new StringReader(text))) {
            int rows = -1; // the header comes first
            List<String> header = null;
            for (CSVRecord record : parser) {
                if (rows < 0) {
                    header = checkHeader(record);
                } else if (rows >= maxRows) {
                    throw new FileProblem("csv-too-many-rows");
                } else {
                    lines.read((int) parser.getCurrentLineNumber(), new Line(record, header));
                }
                rows++;
            }
            if (rows < 0) {
                throw new FileProblem(headerSlug);
            }
        } catch (IOException | IllegalStateException | UncheckedIOException e) {
            throw new FileProblem("csv-malformed");
        }
        return decoded.encoding();
    }

    /** A value as a report may show it: control and text-direction characters as ?, at most 100 characters. */
    public static String clip(String value) {
        return PlainText.echo(value);
    }

    private List<String> checkHeader(CSVRecord record) {
        List<String> names = record.stream().map(String::strip).toList();
        return headers.stream().filter(header -> names.size() == header.size()
                        && IntStream.range(0, header.size()).allMatch(i -> header.get(i).equalsIgnoreCase(names.get(i))))
                .findFirst().orElseThrow(() -> new FileProblem(headerSlug));
    }
}
