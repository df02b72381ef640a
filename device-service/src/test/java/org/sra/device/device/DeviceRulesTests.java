package org.sra.device.device;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sra.events.device.DeviceAuthMethod;
import org.sra.events.device.DeviceType;

/** R-DEV-1, R-DEV-2: the rules of the device form and of every CSV row. */
class DeviceRulesTests {

    static DeviceDraft serialDevice(String name) {
        return new DeviceDraft(name, true, "WINDOWS", true, "SERIAL_ID", null, null);
    }

    static DeviceDraft macDevice(String type, String mac) {
        return new DeviceDraft("pc-1", true, type, true, "MAC_ADDRESS", null, mac);
    }

    static DeviceRules.Checked check(DeviceDraft draft) {
        return DeviceRules.check(draft);
    }

    static String codes(DeviceRules.Checked checked) {
        return String.join(",", checked.violations().stream().map(v -> v.field() + ":" + v.code()).toList());
    }

    @Nested
    class Name {

        @Test
        void lettersDigitsDashUnderscoreAndDotAreAllowed() {
            assertThat(check(serialDevice("Win-123_a.b")).valid()).isTrue();
        }

        @Test
        void isRequired() {
            assertThat(codes(check(serialDevice("  ")))).isEqualTo("name:required");
        }

        @Test
        void spacesFullWidthAndOtherSymbolsAreRefused() {
            assertThat(codes(check(serialDevice("my pc")))).isEqualTo("name:name-invalid");
            assertThat(codes(check(serialDevice("ＰＣ１")))).isEqualTo("name:name-invalid");
            assertThat(codes(check(serialDevice("pc/1")))).isEqualTo("name:name-invalid");
        }

        @Test
        void isTrimmedAndLimitedTo64Characters() {
            assertThat(check(serialDevice("  pc-1 ")).spec().orElseThrow().name()).isEqualTo("pc-1");
            assertThat(codes(check(serialDevice("a".repeat(65))))).isEqualTo("name:name-too-long");
            assertThat(check(serialDevice("a".repeat(64))).valid()).isTrue();
        }
    }

    @Nested
    class RequiredChoices {

        @Test
        void connectionAllowedTypeAndDeviceAuthAreRequired() {
            DeviceRules.Checked checked = check(new DeviceDraft("pc", null, null, null, null, null, null));
            assertThat(codes(checked)).isEqualTo("connectionAllowed:required,type:required,deviceAuth:required");
        }

        @Test
        void theTypeIsOneOfTheFourInAnyCase() {
            assertThat(check(new DeviceDraft("pc", true, "android", false, null, null, null)).spec().orElseThrow().type())
                    .isEqualTo(DeviceType.ANDROID);
            assertThat(codes(check(new DeviceDraft("pc", true, "LINUX", false, null, null, null))))
                    .isEqualTo("type:type-invalid");
        }
    }

    @Nested
    class Method {

        @Test
        void serialIdIsTheDefaultWhenDeviceAuthenticationIsOn() {
            DeviceSpec spec = check(new DeviceDraft("pc", true, "MAC", true, null, null, null)).spec().orElseThrow();
            assertThat(spec.method()).isEqualTo(DeviceAuthMethod.SERIAL_ID);
        }

        @Test
        void noMethodIsKeptWhenDeviceAuthenticationIsOff() {
            DeviceSpec spec = check(new DeviceDraft("pc", true, "MAC", false, null, null, null)).spec().orElseThrow();
            assertThat(spec.method()).isNull();
        }

        @Test
        void aMethodGivenWithDeviceAuthenticationOffIsRefusedNotKept() {
            assertThat(codes(check(new DeviceDraft("pc", true, "MAC", false, "SERIAL_ID", null, null))))
                    .isEqualTo("method:method-not-applicable");
        }

        @Test
        void macAddressAuthenticationIsRefusedForIosAndAndroid() {
            assertThat(codes(check(macDevice("IOS", null)))).isEqualTo("method:mac-method-not-for-mobile");
            assertThat(codes(check(macDevice("ANDROID", null)))).isEqualTo("method:mac-method-not-for-mobile");
            assertThat(check(macDevice("WINDOWS", null)).valid()).isTrue();
            assertThat(check(macDevice("MAC", null)).valid()).isTrue();
        }

        @Test
        void anUnknownMethodIsRefused() {
            assertThat(codes(check(new DeviceDraft("pc", true, "MAC", true, "CERT", null, null))))
                    .isEqualTo("method:method-invalid");
        }
    }

    @Nested
    class SerialAndMac {

        @Test
        void aSerialIsOptionalOnSerialDevices() {
            assertThat(check(serialDevice("pc")).spec().orElseThrow().serialId()).isNull();
            DeviceDraft withSerial = new DeviceDraft("pc", true, "WINDOWS", true, "SERIAL_ID", " C02XK1ABJG5H ", null);
            assertThat(check(withSerial).spec().orElseThrow().serialId()).isEqualTo("C02XK1ABJG5H");
        }

        @Test
        void aSerialOnAMacDeviceOrWithoutDeviceAuthenticationIsRefused() {
            assertThat(codes(check(new DeviceDraft("pc", true, "WINDOWS", true, "MAC_ADDRESS", "SN1", null))))
                    .isEqualTo("serialId:serial-not-applicable");
            assertThat(codes(check(new DeviceDraft("pc", true, "WINDOWS", false, null, "SN1", null))))
                    .isEqualTo("serialId:serial-not-applicable");
        }

        @Test
        void aSerialWithSpacesOrControlCharactersIsRefused() {
            assertThat(codes(check(new DeviceDraft("pc", true, "WINDOWS", true, null, "SN 1", null))))
                    .isEqualTo("serialId:serial-invalid");
        }

        @Test
        void aMacIsAcceptedInTheColonAndInTheClientsDashFormAndStoredInTheColonForm() {
            assertThat(check(macDevice("WINDOWS", "12:34:56:78:90:ab")).spec().orElseThrow().macAddress())
                    .isEqualTo("12:34:56:78:90:ab");
            assertThat(check(macDevice("WINDOWS", "12-34-56-78-90-AB")).spec().orElseThrow().macAddress())
                    .isEqualTo("12:34:56:78:90:ab");
        }

        @Test
        void aMalformedMacIsRefused() {
            for (String bad : new String[] {"12:34:56:78:90", "12:34-56:78:90:ab", "1234.5678.90ab", "12:34:56:78:90:ag"}) {
                assertThat(codes(check(macDevice("WINDOWS", bad)))).as(bad).isEqualTo("macAddress:mac-invalid");
            }
        }

        @Test
        void aMacOnASerialDeviceIsRefused() {
            assertThat(codes(check(new DeviceDraft("pc", true, "WINDOWS", true, "SERIAL_ID", null, "12:34:56:78:90:ab"))))
                    .isEqualTo("macAddress:mac-not-applicable");
        }
    }

    @Test
    void everyMistakeIsReportedAtOnce() {
        DeviceRules.Checked checked = check(new DeviceDraft("a b", null, "IOS", true, "MAC_ADDRESS", "SN", "zz"));
        assertThat(codes(checked)).isEqualTo("name:name-invalid,connectionAllowed:required,"
                + "method:mac-method-not-for-mobile,serialId:serial-not-applicable,macAddress:mac-invalid");
    }
}
