package org.sra.device.device;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;

/**
 * The device list as the admin sees it (R-DEV-5): each device with its user and the proxy and
 * local-segment state of its profile, {@link ProfileStatus#NOT_ASSIGNED} where it has none.
 * One query for the page, one for the profiles of that page: the cost does not grow with the
 * tenant's device count beyond the page query itself.
 */
@Service
public class DeviceListing {

    /** A profile setting as the list shows it. */
    public enum ProfileStatus { NOT_ASSIGNED, ENABLED, DISABLED }

    /** One row of the list. */
    public record Row(Device device, ProfileStatus proxy, ProfileStatus localSegment) {
    }

    private final DeviceCatalog catalog;
    private final ProfileStates profiles;

    DeviceListing(DeviceCatalog catalog, ProfileStates profiles) {
        this.catalog = catalog;
        this.profiles = profiles;
    }

    public Page<Row> page(String tenantId, DeviceFilter filter, Pageable pageable) {
        Page<Device> page = catalog.page(tenantId, filter, pageable);
        List<String> ids = page.getContent().stream().map(Device::id).toList();
        Map<String, ProfileState> byProfile = profiles.of(tenantId, ids).stream()
                .collect(Collectors.toMap(p -> p.userId() + ":" + p.deviceId(), Function.identity(), (a, b) -> a));
        return page.map(device -> row(device, byProfile.get(device.assignedUserId() + ":" + device.id())));
    }

    public Row one(String tenantId, String id) {
        Device device = catalog.get(tenantId, id);
        return row(device, profiles.of(tenantId, List.of(id)).stream()
                .filter(p -> p.userId().equals(device.assignedUserId())).findFirst().orElse(null));
    }

    static Row row(Device device, ProfileState profile) {
        if (profile == null || !device.isAssigned() || !Objects.equals(profile.userId(), device.assignedUserId())) {
            return new Row(device, ProfileStatus.NOT_ASSIGNED, ProfileStatus.NOT_ASSIGNED);
        }
        return new Row(device, status(profile.proxyApplied()), status(profile.localSegment()));
    }

    private static ProfileStatus status(boolean applied) {
        return applied ? ProfileStatus.ENABLED : ProfileStatus.DISABLED;
    }
}
