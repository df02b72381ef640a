package org.sra.directory.csv;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.context.MessageSource;
import org.sra.kit.csv.CsvEncoding;
import org.sra.kit.error.DomainException;

/**
 * The outcome of a CSV dry run or commit: every bad row is reported, and a commit writes all
 * rows or none. {@code encoding} is the encoding the file was read in ({@code UTF_8} or
 * {@code CP932}), {@code encodingLabel} its name as an admin knows it; {@code unchanged} counts the
 * rows that name what exists already (a re-imported export), which are valid and write nothing.
 */
public record ImportReport(boolean committed, int rows, int valid, List<BadRow> errors, int added, int unchanged,
                           CsvEncoding encoding, String encodingLabel) {

    /**
     * A bad row as the admin sees it: line number, the name, a stable reason code, a message; no
     * other cell, so never a password.
     */
    public record BadRow(int line, String userName, String reason, String message) {
    }

    /** The bad rows in the caller's language ({@code csv.reason.<code>}). */
    public static List<BadRow> explain(List<CsvUpload.RowError> errors, MessageSource messages, Locale locale) {
        return errors.stream().map(e -> new BadRow(e.line(), e.userName(), e.reason(),
                messages.getMessage("csv.reason." + e.reason(), new Object[] {String.valueOf(e.line()), e.userName()},
                        e.reason(), locale))).toList();
    }

    /** What a dry run answers: nothing was written. */
    public static ImportReport dryRun(int rows, List<BadRow> errors, int unchanged, CsvEncoding encoding) {
        return new ImportReport(false, rows, rows - errors.size(), errors, 0, unchanged, encoding, encoding.label());
    }

    /** Before a commit: one bad row refuses the whole file (400 {@code csv-has-errors}, with them all). */
    public static void refuseBadRows(int rows, List<BadRow> errors, CsvEncoding encoding) {
        if (!errors.isEmpty()) {
            throw new DomainException(DomainException.Kind.INVALID, "csv-has-errors",
                    Map.of("errors", errors, "rows", rows, "valid", rows - errors.size(), "encoding", encoding,
                            "encodingLabel", encoding.label()), String.valueOf(errors.size()));
        }
    }

    /** What a commit answers. */
    public static ImportReport committed(int rows, int added, int unchanged, CsvEncoding encoding) {
        return new ImportReport(true, rows, rows, List.of(), added, unchanged, encoding, encoding.label());
    }
}
