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
 * The page is chosen in memory ({@link DeviceCatalog#page}); its devices and their profiles'
 * states are then read by {@code _id}, so the cost follows the page size, not the tenant's
 * device count.
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
        Map<String, ProfileState> byProfile = profiles.of(tenantId, page.getContent()).stream()
                .collect(Collectors.toMap(ProfileState::profileId, Function.identity(), (a, b) -> a));
        return page.map(device -> row(device, device.isAssigned()
                ? byProfile.get(ProfileState.idOf(device.assignedUserId(), device.id())) : null));
    }

    public Row one(String tenantId, String id) {
        Device device = catalog.get(tenantId, id);
        return row(device, profiles.of(tenantId, List.of(device)).stream().findFirst().orElse(null));
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
