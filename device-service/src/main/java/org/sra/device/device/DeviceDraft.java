package org.sra.device.device;

/**
 * A device as the admin typed it (form or CSV row), before {@link DeviceRules} checked it.
 * Enumerations are text so that a wrong value is reported per field, like any other mistake.
 */
public record DeviceDraft(String name, Boolean connectionAllowed, String type, Boolean deviceAuth, String method,
                          String serialId, String macAddress) {
}
