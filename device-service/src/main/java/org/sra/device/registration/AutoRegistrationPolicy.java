package org.sra.device.registration;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.sra.events.device.DeviceAuthMethod;
import org.sra.events.device.DeviceAutoRegistrationFailed.Reason;
import org.sra.events.device.DeviceType;
import org.sra.events.device.Platforms;

/**
 * Which device a presented serial ID goes to (R-AUT-4, seed §3-2): the user's assigned
 * {@code SERIAL_ID} device of the presented platform that has no serial yet. A MAC is never
 * filled (R-DEV-2). Plain Java; the caller makes the write atomic.
 */
public final class AutoRegistrationPolicy {

    private AutoRegistrationPolicy() {
    }

    /** One of the user's assigned devices, as far as the decision needs it. */
    public record UserDevice(String id, String name, DeviceType type, boolean deviceAuth,
                             @Nullable DeviceAuthMethod method, @Nullable String serialId) {

        boolean waitsForSerial() {
            return deviceAuth && method == DeviceAuthMethod.SERIAL_ID && serialId == null;
        }
    }

    /** What to do. */
    public sealed interface Decision {
    }

    /** Register the serial on this device. */
    public record Register(String deviceId) implements Decision {
    }

    /** The user's device already has this serial: answer success again. */
    public record AlreadyRegistered(String deviceId) implements Decision {
    }

    /** Refuse, with the device it was meant for when there is one. */
    public record Refuse(Reason reason, @Nullable String deviceId) implements Decision {
    }

    /**
     * @param serialUsedElsewhere another device of the tenant (not one of this user's) has the serial
     */
    public static Decision decide(boolean enabled, String presentedSerial, String platform,
                                  List<UserDevice> usersDevices, boolean serialUsedElsewhere) {
        if (!enabled) {
            return new Refuse(Reason.DISABLED, null);
        }
        Optional<UserDevice> same = usersDevices.stream().filter(d -> presentedSerial.equals(d.serialId())).findFirst();
        if (same.isPresent()) {
            return new AlreadyRegistered(same.get().id());
        }
        Optional<DeviceType> type = Platforms.deviceType(platform);
        List<UserDevice> free = usersDevices.stream().filter(UserDevice::waitsForSerial)
                .sorted(Comparator.comparing(UserDevice::name)).toList();
        Optional<UserDevice> match = free.stream().filter(d -> type.isPresent() && d.type() == type.get()).findFirst();
        if (serialUsedElsewhere) {
            return new Refuse(Reason.SERIAL_IN_USE, match.map(UserDevice::id).orElse(null));
        }
        if (match.isPresent()) {
            return new Register(match.get().id());
        }
        Optional<UserDevice> macDevice = usersDevices.stream()
                .filter(d -> d.deviceAuth() && d.method() == DeviceAuthMethod.MAC_ADDRESS)
                .filter(d -> type.isPresent() && d.type() == type.get()).findFirst();
        if (macDevice.isPresent()) {
            return new Refuse(Reason.MAC_DEVICE, macDevice.get().id());
        }
        if (!free.isEmpty()) {
            return new Refuse(Reason.PLATFORM_MISMATCH, free.getFirst().id());
        }
        return new Refuse(Reason.NO_FREE_DEVICE, null);
    }
}
