package org.sra.device.device;

import java.util.Comparator;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.sra.events.device.DeviceType;
import org.sra.kit.error.DomainException;

/**
 * What the admin narrowed the device list to (R-DEV-5); the same filter drives the export.
 *
 * @param name     part of the name, any case
 * @param assigned {@code true}: only assigned devices, {@code false}: only free ones
 * @param userId   only the devices of this user
 * @param sort     {@code name}, {@code type}, {@code user} or {@code createdAt}, optionally
 *                 followed by {@code ,desc}
 */
public record DeviceFilter(@Nullable String name, @Nullable DeviceType type, @Nullable Boolean assigned,
                           @Nullable String userId, @Nullable Boolean connectionAllowed, @Nullable String sort) {

    /** From the list's query parameters; an unknown type is a 400. */
    public static DeviceFilter of(@Nullable String name, @Nullable String type, @Nullable Boolean assigned,
                                  @Nullable String userId, @Nullable Boolean connectionAllowed,
                                  @Nullable String sort) {
        DeviceType parsed = null;
        if (type != null && !type.isBlank()) {
            try {
                parsed = DeviceType.valueOf(type.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw DomainException.invalid("type-invalid", type);
            }
        }
        return new DeviceFilter(name, parsed, assigned, userId, connectionAllowed, sort);
    }

    public static DeviceFilter none() {
        return new DeviceFilter(null, null, null, null, null, null);
    }

    /** True when the filter narrows nothing (it may still sort). */
    boolean matchesAll() {
        return (name == null || name.isBlank()) && type == null && (userId == null || userId.isBlank())
                && assigned == null && connectionAllowed == null;
    }

    /** Whether a device with these keys is on the filtered list. */
    boolean matches(DeviceListEntry device) {
        if (name != null && !name.isBlank() && !device.name().contains(name.strip().toLowerCase(Locale.ROOT))) {
            return false;
        }
        if (type != null && !type.name().equals(device.type())) {
            return false;
        }
        if (userId != null && !userId.isBlank()) {
            if (!userId.equals(device.assignedUserId())) {
                return false;
            }
        } else if (assigned != null && assigned != device.assigned()) {
            return false;
        }
        return connectionAllowed == null || connectionAllowed == device.connectionAllowed();
    }

    /**
     * The list's order. The name, unique in a tenant, breaks ties (ascending also under
     * {@code ,desc}), so pages never overlap. Strings compare by code point, which is how
     * MongoDB orders them; a device without user comes first in ascending order.
     */
    Order order() {
        String[] parts = (sort == null || sort.isBlank() ? "name" : sort).split(",");
        String field = parts[0].strip();
        Comparator<DeviceListEntry> primary = switch (field) {
            case "name" -> Comparator.comparing(DeviceListEntry::name, DeviceFilter::byCodePoint);
            case "type" -> Comparator.comparing(DeviceListEntry::type, DeviceFilter::byCodePoint);
            case "user" -> Comparator.comparing(DeviceListEntry::assignedUserName,
                    Comparator.nullsFirst(DeviceFilter::byCodePoint));
            case "createdAt" -> Comparator.comparing(DeviceListEntry::createdAt);
            default -> throw DomainException.invalid("sort-invalid", parts[0]);
        };
        boolean descending = parts.length > 1 && parts[1].strip().equalsIgnoreCase("desc");
        if (descending) {
            primary = primary.reversed();
        }
        Comparator<DeviceListEntry> order = field.equals("name") ? primary
                : primary.thenComparing(DeviceListEntry::name, DeviceFilter::byCodePoint);
        return new Order(field + (descending ? ",desc" : ""), order);
    }

    /** A sort order and the key it is known by (sorted views are kept per key). */
    record Order(String key, Comparator<DeviceListEntry> comparator) {
    }

    private static int byCodePoint(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
