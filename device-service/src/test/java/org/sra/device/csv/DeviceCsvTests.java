package org.sra.device.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.sra.device.device.DeviceDraft;
import org.sra.device.device.DeviceSpec;
import org.sra.events.device.DeviceAuthMethod;
import org.sra.events.device.DeviceType;
import org.sra.kit.csv.CsvEncoding;
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
                        + "MAC,pc-2,有効,無効,,,\n")).rows();
        assertThat(rows).extracting(DeviceCsv.Row::line).containsExactly(2, 4);
        assertThat(rows.get(0).draft()).isEqualTo(new DeviceDraft("pc-1", true, "WINDOWS", true, "SERIAL_ID", "SN1", null));
        assertThat(rows.get(1).draft()).isEqualTo(new DeviceDraft("pc-2", true, "MAC", false, null, null, null));
    }

    @Test
    void aByteOrderMarkIsAccepted() {
        byte[] withBom = utf8("\uFEFF" + HEADER + "pc-1,true,WINDOWS,false,,,\n");
        DeviceCsv.Parsed parsed = DeviceCsv.read(withBom);
        assertThat(parsed.rows()).singleElement().extracting(r -> r.draft().name()).isEqualTo("pc-1");
        assertThat(parsed.encoding()).isEqualTo(CsvEncoding.UTF_8);
        assertThat(parsed.byteOrderMark()).isTrue();
        assertThat(DeviceCsv.read(utf8(HEADER + "pc-1,true,WINDOWS,false,,,\n")).byteOrderMark()).isFalse();
    }

    @Test
    void anUnreadableYesNoValueIsACellProblem() {
        DeviceCsv.Row row = DeviceCsv.read(utf8(HEADER + "pc-1,maybe,WINDOWS,false,,,\n")).rows().getFirst();
        assertThat(row.cellViolations()).singleElement()
                .satisfies(v -> assertThat(v.field() + ":" + v.code()).isEqualTo("connectionAllowed:boolean-invalid"));
    }

    @Test
    void aFileThatIsNotADeviceCsvIsRefusedAsAWhole() {
        assertThat(fileCode(() -> DeviceCsv.read(utf8("name,type\npc,WINDOWS\n")))).isEqualTo("csv-header-missing");
        assertThat(fileCode(() -> DeviceCsv.read(utf8(HEADER)))).isEqualTo("csv-empty");
        byte[] neither = {'n', 'a', 'm', 'e', ',', (byte) 0x81, (byte) 0x20, '\n'};
        assertThat(fileCode(() -> DeviceCsv.read(neither))).isEqualTo("csv-encoding-unknown");
        assertThat(fileCode(() -> DeviceCsv.read(utf8("ユーザ,メモ\nsuzuki,x\n")))).isEqualTo("csv-sheet-no-devices");
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
        DeviceCsv.Row row = DeviceCsv.read(exported).rows().getFirst();
        assertThat(row.draft()).isEqualTo(new DeviceDraft("-pc", true, "WINDOWS", true, "MAC_ADDRESS", null,
                "12:34:56:78:90:ab"));
    }

    @Test
    void aCp932FileIsReadAsCp932AndAnExportCanBeWrittenInIt() {
        byte[] cp932 = ("name,connectionAllowed,type,deviceAuth,method,serialId,macAddress,assignedUser\r\n"
                + "pc-1,有効,WINDOWS,無効,,,,鈴木\r\n").getBytes(CsvEncoding.CP932.charset());
        DeviceCsv.Parsed parsed = DeviceCsv.read(cp932);
        assertThat(parsed.encoding()).isEqualTo(CsvEncoding.CP932);
        assertThat(parsed.rows()).singleElement().satisfies(row -> {
            assertThat(row.draft().connectionAllowed()).isTrue();
            assertThat(row.assignedUser()).isEqualTo("鈴木");
        });

        DeviceSpec spec = new DeviceSpec("pc-1", true, DeviceType.WINDOWS, false, null, null, null);
        byte[] exported = DeviceCsv.write(List.of(new DeviceCsv.ExportRow(spec, "鈴木")), true, CsvEncoding.CP932);
        assertThat(exported).isEqualTo(("name,connectionAllowed,type,deviceAuth,method,serialId,macAddress,assignedUser"
                + "\r\npc-1,true,WINDOWS,false,,,,鈴木\r\n").getBytes(CsvEncoding.CP932.charset()));
        assertThat(DeviceCsv.read(exported).rows().getFirst().assignedUser()).isEqualTo("鈴木");
    }

    @Test
    void thePreparationSheetGivesOneRowPerDeviceNameWithItsUserAndSkipsTheGuidesExample() {
        DeviceCsv.Parsed sheet = DeviceCsv.read(utf8("ユーザ,デバイス名①,デバイス名②\n"
                + "例,Win-123,IOS-456\n"
                + "suzuki,Win-123,IOS-456\n"
                + "tanaka,mac-9,\n"));
        assertThat(sheet.layout()).isEqualTo(DeviceCsv.Kind.SHEET);
        assertThat(sheet.lines()).isEqualTo(2);
        assertThat(sheet.rows()).extracting(r -> r.line() + ":" + r.assignedUser() + ":" + r.draft().name() + ":"
                + r.draft().type()).containsExactly("3:suzuki:Win-123:WINDOWS", "3:suzuki:IOS-456:IOS",
                "4:tanaka:mac-9:MAC");
        assertThat(sheet.rows().getFirst().draft()).isEqualTo(new DeviceDraft("Win-123", true, "WINDOWS", true, null,
                null, null));

        DeviceCsv.Parsed english = DeviceCsv.read(utf8("user,device1,device2,device3\nsato,PC-1,android-2,iPad-3\n"));
        assertThat(english.rows()).extracting(r -> r.draft().type()).containsExactly("WINDOWS", "ANDROID", "IOS");
    }

    @Test
    void aDevicesTypeIsGuessedFromTheStartOfItsName() {
        assertThat(DeviceCsv.typeOf("WIN-1")).isEqualTo(DeviceType.WINDOWS);
        assertThat(DeviceCsv.typeOf("MacBook")).isEqualTo(DeviceType.MAC);
        assertThat(DeviceCsv.typeOf("iPhone-2")).isEqualTo(DeviceType.IOS);
        assertThat(DeviceCsv.typeOf("ios-2")).isEqualTo(DeviceType.IOS);
        assertThat(DeviceCsv.typeOf("Android-3")).isEqualTo(DeviceType.ANDROID);
        assertThat(DeviceCsv.typeOf("PC-001")).isEqualTo(DeviceType.WINDOWS);
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
