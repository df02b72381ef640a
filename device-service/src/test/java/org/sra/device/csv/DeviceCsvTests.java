package org.sra.device.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.sra.device.device.DeviceDraft;
import org.sra.device.device.DeviceSpec;
import org.sra.events.device.DeviceAuthMethod;
import org.sra.events.device.DeviceType;
import org.sra.kit.error.DomainException;

/** R-DEV-3: the device CSV format (Apache Commons CSV underneath). */
class DeviceCsvTests {

    static final String HEADER = "name,connectionAllowed,type,deviceAuth,method,serialId,macAddress\n";

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String fileCode(Runnable read) {
        try {
            read.run();
        } catch (DomainException e) {
            return e.fieldErrors().getFirst().code();
        }
        return "none";
    }

    @Test
    void rowsAreReadByColumnNameWithTheLineTheyAreOn() {
        List<DeviceCsv.Row> rows = DeviceCsv.read(utf8(
                "type,name,connectionAllowed,deviceAuth,method,serialId,macAddress\n"
                        + "WINDOWS,pc-1,true,true,SERIAL_ID,SN1,\n"
                        + "\n"
                        + "MAC,pc-2,有効,無効,,,\n"));
        assertThat(rows).extracting(DeviceCsv.Row::line).containsExactly(2, 4);
        assertThat(rows.get(0).draft()).isEqualTo(new DeviceDraft("pc-1", true, "WINDOWS", true, "SERIAL_ID", "SN1", null));
        assertThat(rows.get(1).draft()).isEqualTo(new DeviceDraft("pc-2", true, "MAC", false, null, null, null));
    }

    @Test
    void aByteOrderMarkIsAccepted() {
        byte[] withBom = utf8("\uFEFF" + HEADER + "pc-1,true,WINDOWS,false,,,\n");
        assertThat(DeviceCsv.read(withBom)).singleElement().extracting(r -> r.draft().name()).isEqualTo("pc-1");
    }

    @Test
    void anUnreadableYesNoValueIsACellProblem() {
        DeviceCsv.Row row = DeviceCsv.read(utf8(HEADER + "pc-1,maybe,WINDOWS,false,,,\n")).getFirst();
        assertThat(row.cellViolations()).singleElement()
                .satisfies(v -> assertThat(v.field() + ":" + v.code()).isEqualTo("connectionAllowed:boolean-invalid"));
    }

    @Test
    void aFileThatIsNotADeviceCsvIsRefusedAsAWhole() {
        assertThat(fileCode(() -> DeviceCsv.read(utf8("name,type\npc,WINDOWS\n")))).isEqualTo("csv-header-missing");
        assertThat(fileCode(() -> DeviceCsv.read(utf8(HEADER)))).isEqualTo("csv-empty");
        assertThat(fileCode(() -> DeviceCsv.read("name,端末\n".getBytes(java.nio.charset.Charset.forName("Shift_JIS")))))
                .isEqualTo("csv-not-utf8");
        assertThat(fileCode(() -> DeviceCsv.read(utf8(HEADER + "\"pc-1,true\n")))).isEqualTo("csv-unreadable");
    }

    @Test
    void theTemplateIsTheHeaderRowWithAByteOrderMark() {
        assertThat(new String(DeviceCsv.template(), StandardCharsets.UTF_8))
                .isEqualTo("\uFEFFname,connectionAllowed,type,deviceAuth,method,serialId,macAddress\r\n");
    }

    @Test
    void theExportNeutralisesCellsASpreadsheetWouldRunAsFormulas() {
        assertThat(DeviceCsv.neutralized("=HYPERLINK(\"http://evil\")")).isEqualTo("'=HYPERLINK(\"http://evil\")");
        assertThat(DeviceCsv.neutralized("+1")).isEqualTo("'+1");
        assertThat(DeviceCsv.neutralized("-pc")).isEqualTo("'-pc");
        assertThat(DeviceCsv.neutralized("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(DeviceCsv.neutralized("pc-1")).isEqualTo("pc-1");
    }

    @Test
    void anExportedFileImportsUnchanged() {
        DeviceSpec dashName = new DeviceSpec("-pc", true, DeviceType.WINDOWS, true, DeviceAuthMethod.MAC_ADDRESS, null,
                "12:34:56:78:90:ab");
        byte[] exported = DeviceCsv.write(List.of(new DeviceCsv.ExportRow(dashName, "=cmd|' /C calc'!A0")), true);
        String text = new String(exported, StandardCharsets.UTF_8);
        assertThat(text).contains("'-pc").contains("'=cmd");
        DeviceCsv.Row row = DeviceCsv.read(exported).getFirst();
        assertThat(row.draft()).isEqualTo(new DeviceDraft("-pc", true, "WINDOWS", true, "MAC_ADDRESS", null,
                "12:34:56:78:90:ab"));
    }

    @Test
    void moreThanTheMaximumNumberOfRowsOrBytesIsRefused() {
        StringBuilder file = new StringBuilder(HEADER);
        for (int i = 0; i <= DeviceCsv.MAX_ROWS; i++) {
            file.append("pc-").append(i).append(",true,WINDOWS,false,,,\n");
        }
        assertThat(fileCode(() -> DeviceCsv.read(utf8(file.toString())))).isEqualTo("csv-too-many-rows");
        assertThat(fileCode(() -> DeviceCsv.read(new byte[DeviceCsv.MAX_BYTES + 1]))).isEqualTo("csv-too-large");
    }
}
