package org.sra.directory.audit;

/**
 * CSV cells safe to open in a spreadsheet: a cell starting with {@code =}, {@code +},
 * {@code -}, {@code @}, a tab or a carriage return would be read as a formula (CSV injection),
 * so it gets a leading apostrophe (R-ACC-5).
 */
public final class CsvCells {

    private CsvCells() {
    }

    public static String neutralise(String cell) {
        if (cell == null || cell.isEmpty()) {
            return cell == null ? "" : cell;
        }
        char first = cell.charAt(0);
        if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
            return "'" + cell;
        }
        return cell;
    }
}
