package org.sra.auth.decision;

/**
 * The outcome of the policy. An accept names the device it was matched to (null when the user
 * has device authentication off on every device and none was presented).
 *
 * @param reason              null for an accept
 * @param device              the matched device on accept
 * @param requestRegistration set when device-service must be asked to register the presented serial (R-AUT-4)
 */
public record Decision(boolean accepted, RejectReason reason, UserDevice device, boolean requestRegistration) {

    public static Decision accept(UserDevice device) {
        return new Decision(true, null, device, false);
    }

    public static Decision reject(RejectReason reason) {
        return new Decision(false, reason, null, false);
    }

    static Decision rejectAndRequestRegistration(RejectReason reason) {
        return new Decision(false, reason, null, true);
    }

    /** A reject about a device the attempt named (proven, but switched off). */
    static Decision rejectFor(UserDevice device, RejectReason reason) {
        return new Decision(false, reason, device, false);
    }

    /**
     * Whether the attempt proved one of the user's devices by its serial ID or MAC address (a
     * device without device authentication proves nothing: its user's password alone opens it).
     */
    public boolean deviceProven() {
        return device != null && device.deviceAuth();
    }

    /** The same decision turned into a reject, e.g. when no address is free after all. */
    public Decision rejected(RejectReason why) {
        return new Decision(false, why, device, false);
    }
}
