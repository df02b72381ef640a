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

    /** The same decision turned into a reject, e.g. when no address is free after all. */
    public Decision rejected(RejectReason why) {
        return new Decision(false, why, device, false);
    }
}
