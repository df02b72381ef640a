package org.sra.auth.decision;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.sra.events.profile.ProxyMode;

/**
 * May this user on this device connect? The order is the spec's (R-AUT-2): tenant active →
 * VPN user exists → user enabled and within their validity period (no directory call for a
 * disabled user) → password verified → device rules (R-AUT-3) with auto-registration (R-AUT-4)
 * → proxy rule (R-PXY-2) → accept. The password is asked for only once the user is known, so an
 * unknown name never costs a directory call.
 */
public final class ConnectionPolicy {

    public Decision decide(Attempt attempt, Supplier<PasswordCheck> password) {
        if (attempt.tenant().suspended()) {
            return Decision.reject(RejectReason.TENANT_SUSPENDED);
        }
        if (attempt.userId() == null) {
            return Decision.reject(RejectReason.UNKNOWN_USER);
        }
        if (!attempt.userAllowed()) {
            return Decision.reject(RejectReason.USER_DISABLED);
        }
        Optional<RejectReason> passwordProblem = switch (password.get()) {
            case VALID -> Optional.empty();
            case INVALID -> Optional.of(RejectReason.BAD_PASSWORD);
            case UNAVAILABLE -> Optional.of(RejectReason.DIRECTORY_UNAVAILABLE);
            case NOT_CONFIGURED -> Optional.of(RejectReason.DIRECTORY_NOT_CONFIGURED);
            case UNKNOWN_ACCOUNT -> Optional.of(RejectReason.UNKNOWN_USER);
            case THROTTLED -> Optional.of(RejectReason.PASSWORD_THROTTLED);
        };
        if (passwordProblem.isPresent()) {
            return Decision.reject(passwordProblem.get());
        }
        Decision byDevice = deviceRules(attempt);
        if (byDevice.accepted() && attempt.tenant().proxyMode() == ProxyMode.CLIENT_SETTINGS
                && !byDevice.device().proxyApplied()) {
            return byDevice.rejected(RejectReason.PROXY_NOT_APPLIED);
        }
        return byDevice;
    }

    /** R-AUT-3 and R-AUT-4. */
    Decision deviceRules(Attempt attempt) {
        List<UserDevice> assigned = attempt.devices();
        DeviceIdentity presented = attempt.presented();
        if (assigned.isEmpty()) {
            return Decision.reject(RejectReason.NO_DEVICE);
        }
        List<UserDevice> candidates = assigned.stream().filter(UserDevice::isCandidate).toList();
        Optional<UserDevice> proven = provenDevice(candidates, presented);
        if (proven.isPresent()) {
            return Decision.accept(proven.get());
        }
        // the presented identity is one of the user's devices, switched off
        Optional<UserDevice> provenButOff = provenDevice(assigned, presented);
        if (provenButOff.isPresent()) {
            return Decision.rejectFor(provenButOff.get(), provenButOff.get().switchedOffReason());
        }
        if (candidates.isEmpty()) {
            // the first switch that is off on all of them: the device's own, then its period, then the profile's
            if (assigned.stream().noneMatch(UserDevice::connectionAllowed)) {
                return Decision.reject(RejectReason.DEVICE_DISABLED);
            }
            return Decision.reject(assigned.stream().noneMatch(d -> d.connectionAllowed() && d.withinValidity())
                    ? RejectReason.DEVICE_OUTSIDE_VALIDITY : RejectReason.PROFILE_DISABLED);
        }
        if (presented.uid() != null && candidates.stream().anyMatch(UserDevice::usesSerial)) {
            return autoRegistration(attempt, candidates);
        }
        return Decision.reject(RejectReason.DEVICE_MISMATCH);
    }

    /**
     * A serial the user's devices do not know: device-service is asked to register it either
     * way (it decides under concurrency and tells the admins why it could not); the attempt is
     * rejected with "registered, reconnect" when auth-service sees a free device of the platform.
     */
    private static Decision autoRegistration(Attempt attempt, List<UserDevice> candidates) {
        var platform = Platform.deviceType(attempt.presented().platform());
        boolean serialTaken = attempt.serialsInUse().get().stream().anyMatch(attempt.presented()::presentsSerial);
        boolean freeDeviceOfPlatform = candidates.stream()
                .anyMatch(d -> d.usesSerial() && d.serialId() == null && platform.isPresent() && d.type() == platform.get());
        boolean registers = attempt.tenant().autoRegistration() && !serialTaken && freeDeviceOfPlatform;
        return Decision.rejectAndRequestRegistration(registers
                ? RejectReason.DEVICE_REGISTERED_RECONNECT : RejectReason.AUTO_REGISTRATION_FAILED);
    }

    /** A proven serial or MAC device first; a device without device authentication last. */
    private static Optional<UserDevice> provenDevice(List<UserDevice> devices, DeviceIdentity presented) {
        return devices.stream().filter(d -> d.deviceAuth() && d.isProvenBy(presented)).findFirst()
                .or(() -> devices.stream().filter(d -> !d.deviceAuth()).findFirst());
    }
}
