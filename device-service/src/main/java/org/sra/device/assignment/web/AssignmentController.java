package org.sra.device.assignment.web;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.MessageSource;
import org.springframework.data.domain.PageRequest;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.sra.device.assignment.Assignments;
import org.sra.device.assignment.VpnUser;
import org.sra.device.device.Device;
import org.sra.device.device.DeviceCatalog;
import org.sra.device.device.DeviceFilter;
import org.sra.events.device.DeviceType;
import org.sra.kit.security.TenantId;
import org.sra.kit.web.ProblemException;
import org.sra.kit.web.Problems;

/**
 * The device assignment screen (§4-3): users with their devices, the devices no one has, and
 * changing a user's devices. A change answers with the guide's message (R-ASN-3).
 */
@RestController
@RequestMapping("/api/assignments")
class AssignmentController {

    private final Assignments assignments;
    private final DeviceCatalog catalog;
    private final MessageSource messages;

    AssignmentController(Assignments assignments, DeviceCatalog catalog, MessageSource messages) {
        this.assignments = assignments;
        this.catalog = catalog;
        this.messages = messages;
    }

    record DeviceSummary(String id, String name, DeviceType type) {

        static DeviceSummary of(Device device) {
            return new DeviceSummary(device.id(), device.name(), device.type());
        }
    }

    record UserAssignment(String userId, String userName, String displayName, int limit, List<DeviceSummary> devices,
                          String message) {

        static UserAssignment of(Assignments.UserDevices user, String message) {
            return new UserAssignment(user.user().userId(), user.user().userName(), user.user().displayName(),
                    user.limit(), user.devices().stream().map(DeviceSummary::of).toList(), message);
        }
    }

    record UserRow(String userId, String userName, String displayName, List<DeviceSummary> devices) {
    }

    record Change(List<String> deviceIds) {
    }

    /** One page of the user list with the total the filter finds. */
    record UserPage(List<UserRow> items, int page, int size, long total) {
    }

    /**
     * The users, by name, each with their devices, a page at a time; {@code name}: part of the
     * user or display name, any case, searched over all the tenant's users.
     */
    @GetMapping
    UserPage users(TenantId tenant, @RequestParam(required = false) String name,
                   @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        if (page < 0 || size < 1 || size > 500) {
            throw ProblemException.badRequest("page-invalid", 500);
        }
        List<VpnUser> users = assignments.users(tenant.value(), name, page, size);
        Map<String, List<DeviceSummary>> devices = assignments.devicesOf(tenant.value(),
                        users.stream().map(VpnUser::userId).toList()).stream()
                .collect(Collectors.groupingBy(Device::assignedUserId,
                        Collectors.mapping(DeviceSummary::of, Collectors.toList())));
        return new UserPage(users.stream().map(u -> new UserRow(u.userId(), u.userName(), u.displayName(),
                devices.getOrDefault(u.userId(), List.of()))).toList(), page, size,
                assignments.countUsers(tenant.value(), name));
    }

    /** R-ASN-1: the devices no one has, which are the ones that can be assigned. */
    @GetMapping("/available-devices")
    List<DeviceSummary> available(TenantId tenant, @RequestParam(required = false) String name,
                                  @RequestParam(defaultValue = "0") int page,
                                  @RequestParam(defaultValue = "50") int size) {
        if (page < 0 || size < 1 || size > 500) {
            throw ProblemException.badRequest("page-invalid", 500);
        }
        return catalog.page(tenant.value(), DeviceFilter.of(name, null, false, null, null, null),
                PageRequest.of(page, size)).map(DeviceSummary::of).getContent();
    }

    @GetMapping("/{userId}")
    UserAssignment one(TenantId tenant, @PathVariable String userId) {
        return UserAssignment.of(assignments.of(tenant.value(), userId), null);
    }

    @PutMapping("/{userId}")
    UserAssignment replace(TenantId tenant, @PathVariable String userId, @RequestBody Change change,
                           HttpServletRequest request) {
        return changed(assignments.replace(tenant.value(), userId, change == null ? null : change.deviceIds()),
                request);
    }

    @PostMapping("/{userId}/devices/{deviceId}")
    UserAssignment assign(TenantId tenant, @PathVariable String userId, @PathVariable String deviceId,
                          HttpServletRequest request) {
        return changed(assignments.assign(tenant.value(), userId, deviceId), request);
    }

    @DeleteMapping("/{userId}/devices/{deviceId}")
    UserAssignment unassign(TenantId tenant, @PathVariable String userId, @PathVariable String deviceId,
                            HttpServletRequest request) {
        return changed(assignments.unassign(tenant.value(), userId, deviceId), request);
    }

    /** R-ASN-3: 「ユーザ【name】へのデバイス割当を変更しました。」 or its English counterpart. */
    private UserAssignment changed(Assignments.UserDevices user, HttpServletRequest request) {
        String message = messages.getMessage("assignment.changed", new Object[] {user.user().userName()},
                Problems.locale(request));
        return UserAssignment.of(user, message);
    }
}
