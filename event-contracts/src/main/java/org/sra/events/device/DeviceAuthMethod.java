package org.sra.events.device;

/** How a device proves itself when device authentication is on (R-DEV-1, R-AUT-3). */
public enum DeviceAuthMethod {
    SERIAL_ID, MAC_ADDRESS
}
