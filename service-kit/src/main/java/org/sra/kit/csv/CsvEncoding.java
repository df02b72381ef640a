package org.sra.kit.csv;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.sra.kit.error.DomainException;

/**
 * The encodings a CSV file made by an admin comes in, and how to tell them apart: UTF-8 with a
 * byte-order mark (Excel's 「CSV UTF-8」), UTF-8 without one (most other tools), and CP932, the
 * Windows code page for Japanese that Excel in Japan writes for 「CSV (コンマ区切り)」 (Shift_JIS with
 * Microsoft's extensions, Java's {@code windows-31j}).
 *
 * <p>Detection: a UTF-8 byte-order mark decides UTF-8; otherwise bytes that decode as UTF-8 without
 * error are UTF-8 (Japanese text in CP932 practically never is valid UTF-8, and plain ASCII reads
 * the same either way); otherwise CP932 when they decode as that; otherwise the file is refused.
 * Exports are written in either, UTF-8 with its byte-order mark by default.
 */
public enum CsvEncoding {

    /** UTF-8; on export with a byte-order mark so that Excel opens Japanese text correctly. */
    UTF_8(StandardCharsets.UTF_8, "UTF-8"),
    /** Windows-31J (CP932), Excel's CSV in Japan. */
    CP932(Charset.forName("windows-31j"), "Shift_JIS (CP932)");

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final Charset charset;
    private final String label;

    CsvEncoding(Charset charset, String label) {
        this.charset = charset;
        this.label = label;
    }

    /** The Java charset. */
    public Charset charset() {
        return charset;
    }

    /** The name an admin knows it by, for dry-run reports and the export choice. */
    public String label() {
        return label;
    }

    /**
     * The encoding an export asks for by its query parameter ({@code utf-8}, {@code cp932} or
     * {@code shift_jis}, any case); empty for anything else, absent means UTF-8.
     */
    public static Optional<CsvEncoding> ofParameter(String value) {
        if (value == null || value.isBlank()) {
            return Optional.of(UTF_8);
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "utf-8", "utf8" -> Optional.of(UTF_8);
            case "cp932", "shift_jis", "sjis", "windows-31j" -> Optional.of(CP932);
            default -> Optional.empty();
        };
    }

    /**
     * The file's text as this encoding writes it for an export (UTF-8 with a byte-order mark).
     * Text CP932 cannot hold (emoji, some kanji) is 422 {@code csv-export-not-encodable} naming
     * its line, never a file whose characters were silently replaced: it would not re-import
     * unchanged.
     */
    public byte[] encode(String text) {
        int bad = firstUnencodableLine(text);
        if (bad > 0) {
            throw new DomainException(DomainException.Kind.UNPROCESSABLE, "csv-export-not-encodable",
                    Map.of("field", "encoding", "line", bad), String.valueOf(bad), label);
        }
        byte[] body = text.getBytes(charset);
        if (this != UTF_8) {
            return body;
        }
        byte[] withBom = Arrays.copyOf(BOM, BOM.length + body.length);
        System.arraycopy(body, 0, withBom, BOM.length, body.length);
        return withBom;
    }

    /** The first line (from 1) of {@code text} this encoding cannot write without losing a character, or -1. */
    public int firstUnencodableLine(String text) {
        if (this == UTF_8) {
            return -1;
        }
        CharsetEncoder encoder = charset.newEncoder();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (!encoder.canEncode(lines[i])) {
                return i + 1;
            }
        }
        return -1;
    }

    /** A file's text and the encoding it was read in. */
    public record Decoded(String text, CsvEncoding encoding) {
    }

    /**
     * The file's text in the encoding detected as described above, without a byte-order mark;
     * empty when the bytes are neither UTF-8 nor CP932.
     */
    public static Optional<Decoded> decode(byte[] bytes) {
        if (bytes.length >= BOM.length && Arrays.equals(bytes, 0, BOM.length, BOM, 0, BOM.length)) {
            return strict(StandardCharsets.UTF_8, Arrays.copyOfRange(bytes, BOM.length, bytes.length))
                    .map(text -> new Decoded(text, UTF_8));
        }
        Optional<String> utf8 = strict(StandardCharsets.UTF_8, bytes);
        if (utf8.isPresent()) {
            return Optional.of(new Decoded(utf8.get(), UTF_8));
        }
        return strict(CP932.charset, bytes).map(text -> new Decoded(text, CP932));
    }

    private static Optional<String> strict(Charset charset, byte[] bytes) {
        try {
            return Optional.of(charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
