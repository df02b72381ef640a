package org.sra.device.device;

/**
 * A device as the admin typed it (form or CSV row), before {@link DeviceRules} checked it.
 * Enumerations and instants are text so that a wrong value is reported per field, like any other mistake.
 *
 * @param validFrom  optional start of the validity period, ISO-8601 with offset (e.g. {@code 2027-04-01T00:00:00+09:00}
 *                   or {@code ...Z}); blank or absent: no start
 * @param validUntil optional end of the period (exclusive), same form; blank or absent: no end
 */
public record DeviceDraft(String name, Boolean connectionAllowed, String type, Boolean deviceAuth, String method,
                          String serialId, String macAddress, String validFrom, String validUntil) {

    /** A draft without a validity period (a CSV row). */
    public DeviceDraft(String name, Boolean connectionAllowed, String type, Boolean deviceAuth, String method,
                       String serialId, String macAddress) {
        this(name, connectionAllowed, type, deviceAuth, method, serialId, macAddress, null, null);
    }
}
