package org.sra.events.device;

/** The kind of a device (R-DEV-1). */
public enum DeviceType {
    WINDOWS, MAC, IOS, ANDROID
}
