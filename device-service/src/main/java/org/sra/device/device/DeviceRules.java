package org.sra.device.device;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.sra.events.device.DeviceAuthMethod;
import org.sra.events.device.DeviceType;
import org.sra.kit.error.FieldError;

/**
 * What a device must be (R-DEV-1, R-DEV-2), the same for the form and for every CSV row. Every
 * mistake is reported, not only the first. A value that does not apply (a method without
 * device authentication, a serial on a MAC device, a MAC on a serial device) is refused, never
 * kept silently.
 */
public final class DeviceRules {

    public static final int MAX_NAME_LENGTH = 64;
    public static final int MAX_SERIAL_LENGTH = 64;

    /** Half-width letters and digits, {@code -}, {@code _} and {@code .} (guide §4-2). */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");
    /** Printable ASCII without spaces: serial numbers and AnyConnect device IDs look like this. */
    private static final Pattern SERIAL = Pattern.compile("[\\x21-\\x7E]+");

    private DeviceRules() {
    }

    /** The outcome: a {@link DeviceSpec} when there is nothing to report. */
    public record Checked(Optional<DeviceSpec> spec, List<FieldError> violations) {

        public boolean valid() {
            return violations.isEmpty();
        }
    }

    public static Checked check(DeviceDraft draft) {
        List<FieldError> violations = new ArrayList<>();
        String name = name(draft.name(), violations);
        if (draft.connectionAllowed() == null) {
            violations.add(Violations.of("connectionAllowed", "required"));
        }
        DeviceType type = type(draft.type(), violations);
        if (draft.deviceAuth() == null) {
            violations.add(Violations.of("deviceAuth", "required"));
        }
        boolean deviceAuth = Boolean.TRUE.equals(draft.deviceAuth());
        DeviceAuthMethod method = method(draft, deviceAuth, type, violations);
        String serial = serial(draft.serialId(), method, violations);
        String mac = mac(draft.macAddress(), method, violations);
        Instant validFrom = instant("validFrom", draft.validFrom(), violations);
        Instant validUntil = instant("validUntil", draft.validUntil(), violations);
        if (validFrom != null && validUntil != null && !validFrom.isBefore(validUntil)) {
            violations.add(Violations.of("validUntil", "valid-until-not-after-from"));
        }
        if (!violations.isEmpty()) {
            return new Checked(Optional.empty(), List.copyOf(violations));
        }
        return new Checked(Optional.of(new DeviceSpec(name, draft.connectionAllowed(), type, deviceAuth, method,
                serial, mac, validFrom, validUntil)), List.of());
    }

    private static String name(String raw, List<FieldError> violations) {
        String name = blankToNull(raw);
        if (name == null) {
            violations.add(Violations.of("name", "required"));
        } else if (name.length() > MAX_NAME_LENGTH) {
            violations.add(Violations.of("name", "name-too-long", MAX_NAME_LENGTH));
        } else if (!NAME.matcher(name).matches()) {
            violations.add(Violations.of("name", "name-invalid"));
        }
        return name;
    }

    private static DeviceType type(String raw, List<FieldError> violations) {
        String type = blankToNull(raw);
        if (type == null) {
            violations.add(Violations.of("type", "required"));
            return null;
        }
        try {
            return DeviceType.valueOf(type.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            violations.add(Violations.of("type", "type-invalid", type));
            return null;
        }
    }

    /** {@code SERIAL_ID} by default when device authentication is on; nothing when it is off. */
    private static DeviceAuthMethod method(DeviceDraft draft, boolean deviceAuth, DeviceType type,
                                           List<FieldError> violations) {
        String raw = blankToNull(draft.method());
        if (!deviceAuth) {
            if (raw != null) {
                violations.add(Violations.of("method", "method-not-applicable"));
            }
            return null;
        }
        if (raw == null) {
            return DeviceAuthMethod.SERIAL_ID;
        }
        DeviceAuthMethod method;
        try {
            method = DeviceAuthMethod.valueOf(raw.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            violations.add(Violations.of("method", "method-invalid", raw));
            return null;
        }
        if (method == DeviceAuthMethod.MAC_ADDRESS && (type == DeviceType.IOS || type == DeviceType.ANDROID)) {
            violations.add(Violations.of("method", "mac-method-not-for-mobile", type));
        }
        return method;
    }

    private static String serial(String raw, DeviceAuthMethod method, List<FieldError> violations) {
        String serial = blankToNull(raw);
        if (serial == null) {
            return null;
        }
        if (method != DeviceAuthMethod.SERIAL_ID) {
            violations.add(Violations.of("serialId", "serial-not-applicable"));
        } else if (serial.length() > MAX_SERIAL_LENGTH) {
            violations.add(Violations.of("serialId", "serial-too-long", MAX_SERIAL_LENGTH));
        } else if (!SERIAL.matcher(serial).matches()) {
            violations.add(Violations.of("serialId", "serial-invalid"));
        }
        return serial;
    }

    private static String mac(String raw, DeviceAuthMethod method, List<FieldError> violations) {
        String text = blankToNull(raw);
        if (text == null) {
            return null;
        }
        if (method != DeviceAuthMethod.MAC_ADDRESS) {
            violations.add(Violations.of("macAddress", "mac-not-applicable"));
            return null;
        }
        Optional<String> mac = MacAddress.normalize(text);
        if (mac.isEmpty()) {
            violations.add(Violations.of("macAddress", "mac-invalid", text));
        }
        return mac.orElse(null);
    }

    /** An instant with its offset ({@code 2027-04-01T00:00:00+09:00} or {@code ...Z}); blank: none. */
    private static Instant instant(String field, String raw, List<FieldError> violations) {
        String text = blankToNull(raw);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            violations.add(Violations.of(field, "instant-invalid", text));
            return null;
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
