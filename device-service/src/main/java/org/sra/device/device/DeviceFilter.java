package org.sra.device.device;

import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.sra.events.device.DeviceType;
import org.sra.kit.web.ProblemException;

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
                throw ProblemException.badRequest("type-invalid", type);
            }
        }
        return new DeviceFilter(name, parsed, assigned, userId, connectionAllowed, sort);
    }

    public static DeviceFilter none() {
        return new DeviceFilter(null, null, null, null, null, null);
    }

    Query query(String tenantId) {
        Criteria criteria = Criteria.where("tenantId").is(tenantId).and("deleted").is(false);
        if (name != null && !name.isBlank()) {
            criteria.and("nameKey").regex("^" + Pattern.quote(tenantId + "/") + ".*" + Pattern.quote(name.strip().toLowerCase(Locale.ROOT)));
        }
        if (type != null) {
            criteria.and("type").is(type);
        }
        if (userId != null && !userId.isBlank()) {
            criteria.and("assignedUserId").is(userId);
        } else if (assigned != null) {
            criteria.and("assignedUserId").exists(assigned);
        }
        if (connectionAllowed != null) {
            criteria.and("connectionAllowed").is(connectionAllowed);
        }
        return Query.query(criteria).with(order());
    }

    private Sort order() {
        String[] parts = (sort == null || sort.isBlank() ? "name" : sort).split(",");
        String field = switch (parts[0].strip()) {
            case "name" -> "nameKey";
            case "type" -> "type";
            case "user" -> "assignedUserName";
            case "createdAt" -> "createdAt";
            default -> throw ProblemException.badRequest("sort-invalid", parts[0]);
        };
        boolean descending = parts.length > 1 && parts[1].strip().equalsIgnoreCase("desc");
        Sort primary = Sort.by(descending ? Sort.Direction.DESC : Sort.Direction.ASC, field);
        return field.equals("nameKey") ? primary : primary.and(Sort.by("nameKey"));
    }
}
