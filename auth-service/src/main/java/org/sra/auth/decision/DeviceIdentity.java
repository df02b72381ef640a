package org.sra.auth.decision;

import java.util.List;
import java.util.Locale;

/**
 * What the VPN client said about its device (AnyConnect's {@code mdm-tlv} values): the serial
 * ({@code device-uid}), the MAC addresses of its interfaces ({@code device-mac}, normalised to
 * {@code 12:34:56:78:90:ab}) and the platform ({@code win}, {@code mac-intel}, {@code apple-ios},
 * {@code android}, …). Any part may be missing.
 */
public record DeviceIdentity(String uid, List<String> macs, String platform) {

    public static final DeviceIdentity NONE = new DeviceIdentity(null, List.of(), null);

    public DeviceIdentity {
        uid = blankToNull(uid);
        platform = blankToNull(platform);
        macs = macs == null ? List.of() : macs.stream().map(DeviceIdentity::normaliseMac).toList();
    }

    /** {@code 12-34-56-78-90-AB} or {@code 12:34:56:78:90:ab} → {@code 12:34:56:78:90:ab}. */
    public static String normaliseMac(String mac) {
        return mac == null ? null : mac.strip().replace('-', ':').toLowerCase(Locale.ROOT);
    }

    public boolean presentsMac(String registered) {
        return registered != null && macs.contains(normaliseMac(registered));
    }

    public boolean presentsSerial(String registered) {
        return registered != null && uid != null && registered.strip().equalsIgnoreCase(uid);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
