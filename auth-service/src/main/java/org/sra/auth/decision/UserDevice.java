package org.sra.auth.decision;

import org.sra.events.device.DeviceAuthMethod;
import org.sra.events.device.DeviceType;

/**
 * One device assigned to the user, with its profile's switches as the policy needs them.
 *
 * @param profileConnectionAllowed false also when no profile is known for the device yet
 * @param withinValidity           false when the attempt lies outside the device's validity period
 *                                 (checked against the clock when the attempt is built)
 */
public record UserDevice(String deviceId, DeviceType type, boolean connectionAllowed, boolean deviceAuth,
                         DeviceAuthMethod method, String serialId, String macAddress,
                         boolean profileConnectionAllowed, boolean proxyApplied, boolean localSegment,
                         boolean withinValidity) {

    /** A device without a validity period. */
    public UserDevice(String deviceId, DeviceType type, boolean connectionAllowed, boolean deviceAuth,
                      DeviceAuthMethod method, String serialId, String macAddress, boolean profileConnectionAllowed,
                      boolean proxyApplied, boolean localSegment) {
        this(deviceId, type, connectionAllowed, deviceAuth, method, serialId, macAddress, profileConnectionAllowed,
                proxyApplied, localSegment, true);
    }

    boolean usesSerial() {
        return deviceAuth && (method == null || method == DeviceAuthMethod.SERIAL_ID);
    }

    boolean usesMac() {
        return deviceAuth && method == DeviceAuthMethod.MAC_ADDRESS;
    }

    boolean isCandidate() {
        return connectionAllowed && withinValidity && profileConnectionAllowed;
    }

    /** Why this device, proven or the only kind the user has, may not connect (null: it may). */
    RejectReason switchedOffReason() {
        if (!connectionAllowed) {
            return RejectReason.DEVICE_DISABLED;
        }
        if (!withinValidity) {
            return RejectReason.DEVICE_OUTSIDE_VALIDITY;
        }
        return profileConnectionAllowed ? null : RejectReason.PROFILE_DISABLED;
    }

    /** Whether the presented identity proves this device (R-AUT-3). */
    boolean isProvenBy(DeviceIdentity presented) {
        if (!deviceAuth) {
            return true;
        }
        return usesMac() ? presented.presentsMac(macAddress) : presented.presentsSerial(serialId);
    }
}
