package org.sra.auth.decision;

import org.sra.events.device.DeviceAuthMethod;
import org.sra.events.device.DeviceType;

/**
 * One device assigned to the user, with its profile's switches as the policy needs them.
 *
 * @param profileConnectionAllowed false also when no profile is known for the device yet
 */
public record UserDevice(String deviceId, DeviceType type, boolean connectionAllowed, boolean deviceAuth,
                         DeviceAuthMethod method, String serialId, String macAddress,
                         boolean profileConnectionAllowed, boolean proxyApplied, boolean localSegment) {

    boolean usesSerial() {
        return deviceAuth && (method == null || method == DeviceAuthMethod.SERIAL_ID);
    }

    boolean usesMac() {
        return deviceAuth && method == DeviceAuthMethod.MAC_ADDRESS;
    }

    boolean isCandidate() {
        return connectionAllowed && profileConnectionAllowed;
    }

    /** Whether the presented identity proves this device (R-AUT-3). */
    boolean isProvenBy(DeviceIdentity presented) {
        if (!deviceAuth) {
            return true;
        }
        return usesMac() ? presented.presentsMac(macAddress) : presented.presentsSerial(serialId);
    }
}
