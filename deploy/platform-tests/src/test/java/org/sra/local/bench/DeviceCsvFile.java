package org.sra.local.bench;

import java.nio.charset.StandardCharsets;

/**
 * Device CSV files as an admin would upload them (R-DEV-3): a mix of Windows, Mac, iOS and
 * Android devices with serial-ID, MAC-address or no device authentication, as
 * device-service's own DeviceBenchmark writes them. Names, serials and MACs carry {@code batch},
 * so several files can go into one tenant.
 */
public final class DeviceCsvFile {

    private DeviceCsvFile() {
    }

    /** {@code count} rows named {@code <prefix>-00000} …; {@code batch} 0–255 keeps serials and MACs apart. */
    public static byte[] mixed(String prefix, int batch, int count) {
        StringBuilder csv = new StringBuilder("name,connectionAllowed,type,deviceAuth,method,serialId,macAddress\n");
        String[] types = {"WINDOWS", "MAC", "IOS", "ANDROID"};
        for (int i = 0; i < count; i++) {
            String type = types[i % 4];
            csv.append(String.format("%s-%05d,true,%s,", prefix, i, type));
            if (i % 10 == 0) {
                csv.append("false,,,\n");
            } else if (i % 4 < 2 && i % 3 == 0) {
                csv.append(String.format("true,MAC_ADDRESS,,02-00-%02x-%02x-%02x-%02x\n", batch, i / 65536, i / 256 % 256,
                        i % 256));
            } else {
                csv.append(i % 2 == 0 ? String.format("true,SERIAL_ID,SN%02x%08d,\n", batch, i) : "true,,,\n");
            }
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code count} Windows devices without device authentication: each one's user alone proves it. */
    public static byte[] plain(String prefix, int count) {
        StringBuilder csv = new StringBuilder("name,connectionAllowed,type,deviceAuth,method,serialId,macAddress\n");
        for (int i = 0; i < count; i++) {
            csv.append(String.format("%s-%05d,true,WINDOWS,false,,,\n", prefix, i));
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }
}
