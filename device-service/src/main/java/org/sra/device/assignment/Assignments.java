package org.sra.device.assignment;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;
import org.sra.device.contract.TenantContract;
import org.sra.device.contract.TenantContracts;
import org.sra.device.device.Device;
import org.sra.device.device.DeviceCatalog;
import org.sra.device.device.Devices;
import org.sra.events.EventEnvelope;
import org.sra.events.user.VpnUserAdded;
import org.sra.events.user.VpnUserRemoved;
import org.sra.kit.error.DomainException;

/**
 * Who has which device (R-ASN-1 … R-ASN-3). A device has at most one user: it is claimed by a
 * versioned save of the device, so of two admins assigning it at once one wins. A user has at
 * most N devices, N from the tenant's contract: see {@link AssignmentSlots}.
 */
@Service
public class Assignments {

    private static final Logger log = LoggerFactory.getLogger(Assignments.class);

    private final MongoTemplate mongo;
    private final DeviceCatalog catalog;
    private final Devices devices;
    private final AssignmentSlots slots;
    private final TenantContracts contracts;

    Assignments(MongoTemplate mongo, DeviceCatalog catalog, Devices devices, AssignmentSlots slots,
                TenantContracts contracts) {
        this.mongo = mongo;
        this.catalog = catalog;
        this.devices = devices;
        this.slots = slots;
        this.contracts = contracts;
    }

    /** A user with the devices they have and how many they may have. */
    public record UserDevices(VpnUser user, int limit, List<Device> devices) {
    }

    public UserDevices of(String tenantId, String userId) {
        VpnUser user = user(tenantId, userId);
        return new UserDevices(user, limit(tenantId), devicesOfUser(tenantId, userId));
    }

    /**
     * The user's devices by name. Every assigned device is first reserved in the user's slots
     * (R-ASN-2), so the slots name them all: one look-up by {@code _id} and the devices by
     * {@code _id}, instead of a query on the assigned user that reads every device of every tenant
     * on the embedded store. A device still reserved but not yet (or no longer) assigned is left out.
     */
    public List<Device> devicesOfUser(String tenantId, String userId) {
        List<String> held = slots.held(tenantId, userId);
        if (held.isEmpty()) {
            return List.of();
        }
        return mongo.find(Query.query(Criteria.where("_id").in(held)), Device.class).stream()
                .filter(device -> !device.isDeleted() && tenantId.equals(device.tenantId())
                        && userId.equals(device.assignedUserId()))
                .sorted(Comparator.comparing(Device::name))
                .toList();
    }

    /**
     * The tenant's VPN users with these user names, keyed by the lower-cased name (directory
     * user names compare without case). Reads the tenant's users: a scan on the embedded store,
     * once per CSV import.
     */
    public Map<String, VpnUser> usersByName(String tenantId, Collection<String> userNames) {
        Set<String> wanted = new HashSet<>();
        userNames.forEach(name -> wanted.add(name.toLowerCase(Locale.ROOT)));
        Map<String, VpnUser> found = new HashMap<>();
        if (wanted.isEmpty()) {
            return found;
        }
        for (VpnUser user : mongo.find(Query.query(Criteria.where("tenantId").is(tenantId)), VpnUser.class)) {
            String key = user.userName() == null ? null : user.userName().toLowerCase(Locale.ROOT);
            if (key != null && wanted.contains(key)) {
                found.putIfAbsent(key, user);
            }
        }
        return found;
    }

    /** How many devices each user of the tenant may have (R-ASN-2). */
    public int limitOf(String tenantId) {
        return limit(tenantId);
    }

    /** The tenant's VPN users by name, one page. */
    public List<VpnUser> users(String tenantId, int page, int size) {
        return users(tenantId, null, page, size);
    }

    /** A page of the users by name; {@code namePart}: part of the user or display name, any case ({@code null}: all). */
    public List<VpnUser> users(String tenantId, @Nullable String namePart, int page, int size) {
        return mongo.find(Query.query(usersNamed(tenantId, namePart)).with(Sort.by("userName"))
                .skip((long) page * size).limit(size), VpnUser.class);
    }

    /** How many users the same filter finds (the list's total). */
    public long countUsers(String tenantId, @Nullable String namePart) {
        return mongo.count(Query.query(usersNamed(tenantId, namePart)), VpnUser.class);
    }

    private static Criteria usersNamed(String tenantId, @Nullable String namePart) {
        Criteria criteria = Criteria.where("tenantId").is(tenantId);
        if (namePart != null && !namePart.isBlank()) {
            String quoted = Pattern.quote(namePart.strip());
            criteria.orOperator(Criteria.where("userName").regex(quoted, "i"),
                    Criteria.where("displayName").regex(quoted, "i"));
        }
        return criteria;
    }

    /** The devices of these users, by name. */
    public List<Device> devicesOf(String tenantId, Collection<String> userIds) {
        return mongo.find(Query.query(Criteria.where("tenantId").is(tenantId).and("deleted").is(false)
                .and("assignedUserId").in(userIds)).with(Sort.by("nameKey")), Device.class);
    }

    /** Gives the user one more device (R-ASN-1, R-ASN-2); assigning a device the user has changes nothing. */
    public UserDevices assign(String tenantId, String userId, String deviceId) {
        VpnUser user = user(tenantId, userId);
        claim(tenantId, user, deviceId, limit(tenantId));
        return of(tenantId, userId);
    }

    public UserDevices unassign(String tenantId, String userId, String deviceId) {
        user(tenantId, userId);
        Device device = catalog.get(tenantId, deviceId);
        if (!userId.equals(device.assignedUserId())) {
            throw DomainException.notFound("assignment-not-found", device.name());
        }
        release(device);
        return of(tenantId, userId);
    }

    /**
     * Makes the user's devices exactly {@code deviceIds} (the guide's "apply"). Every device is
     * checked first (exists, free or already the user's, at most N), so the usual mistakes
     * change nothing; devices taken away are released before new ones are claimed. If another
     * admin takes one of the new devices in the meantime, the devices this call claimed are
     * released again and the ones it released are claimed back where still free.
     */
    public UserDevices replace(String tenantId, String userId, List<String> deviceIds) {
        if (deviceIds == null) {
            // a missing (or misspelt) list is a mistake, not "no devices": that would unassign them all
            throw DomainException.invalid("assignment-devices-missing");
        }
        VpnUser user = user(tenantId, userId);
        int limit = limit(tenantId);
        Set<String> wanted = new LinkedHashSet<>(deviceIds);
        if (wanted.size() > limit) {
            throw limitReached(user, limit);
        }
        List<Device> current = devicesOfUser(tenantId, userId);
        List<Device> toAdd = new ArrayList<>();
        for (String id : wanted) {
            Device device = catalog.get(tenantId, id);
            if (device.isAssigned() && !userId.equals(device.assignedUserId())) {
                throw taken(device);
            }
            if (!device.isAssigned()) {
                toAdd.add(device);
            }
        }
        List<Device> toRemove = current.stream().filter(d -> !wanted.contains(d.id())).toList();
        toRemove.forEach(this::release);
        List<String> added = new ArrayList<>();
        try {
            for (Device device : toAdd) {
                claim(tenantId, user, device.id(), limit);
                added.add(device.id());
            }
        } catch (RuntimeException e) {
            log.warn("Assignment of user {} raced with another change; putting back what this call changed", userId);
            added.forEach(id -> releaseQuietly(tenantId, id));
            toRemove.forEach(d -> claimQuietly(tenantId, user, d.id(), limit));
            throw e;
        }
        return of(tenantId, userId);
    }

    /** R-USR-3: a removed user's devices become free; handled again, it finds nothing left to do. */
    public void onUserRemoved(EventEnvelope envelope, VpnUserRemoved removed) {
        String tenantId = removed.tenantId();
        mongo.remove(Query.query(Criteria.where("_id").is(VpnUser.id(tenantId, removed.userId()))), VpnUser.class);
        for (Device device : devicesOfUser(tenantId, removed.userId())) {
            releaseQuietly(tenantId, device.id());
        }
        slots.releaseAll(tenantId, removed.userId());
        log.info("User {} removed: devices unassigned", removed.userId());
    }

    public void onUserAdded(EventEnvelope envelope, VpnUserAdded added) {
        mongo.save(new VpnUser(VpnUser.id(added.tenantId(), added.userId()), added.tenantId(), added.userId(),
                added.userName(), added.displayName()));
    }

    private void claim(String tenantId, VpnUser user, String deviceId, int limit) {
        Device device = catalog.get(tenantId, deviceId);
        if (user.userId().equals(device.assignedUserId())) {
            return;
        }
        if (device.isAssigned()) {
            throw taken(device);
        }
        AssignmentSlots.Outcome slot = slots.reserve(tenantId, user.userId(), deviceId, limit);
        if (slot == AssignmentSlots.Outcome.FULL) {
            throw limitReached(user, limit);
        }
        try {
            device.assignTo(user.userId(), user.userName());
            catalog.save(device);
            log.info("Device {} ({}) assigned to {}", deviceId, device.name(), user.userName());
        } catch (OptimisticLockingFailureException | IllegalStateException e) {
            Device now = catalog.get(tenantId, deviceId);
            if (user.userId().equals(now.assignedUserId())) {
                return;
            }
            if (slot == AssignmentSlots.Outcome.RESERVED) {
                slots.release(tenantId, user.userId(), deviceId);
            }
            throw taken(now);
        } catch (RuntimeException e) {
            if (slot == AssignmentSlots.Outcome.RESERVED) {
                slots.release(tenantId, user.userId(), deviceId);
            }
            throw e;
        }
    }

    /** The device first, then the slot: a crash in between leaves a slot taken, never a limit broken. */
    private void release(Device device) {
        String userId = device.assignedUserId();
        device.unassign();
        catalog.save(device);
        slots.release(device.tenantId(), userId, device.id());
        log.info("Device {} ({}) unassigned from {}", device.id(), device.name(), userId);
    }

    private void releaseQuietly(String tenantId, String deviceId) {
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                Optional<Device> device = devices.findInTenant(deviceId, tenantId);
                if (device.isEmpty() || !device.get().isAssigned()) {
                    return;
                }
                release(device.get());
                return;
            } catch (OptimisticLockingFailureException retry) {
                // changed meanwhile: read it again
            }
        }
        throw new IllegalStateException("could not unassign device " + deviceId);
    }

    private void claimQuietly(String tenantId, VpnUser user, String deviceId, int limit) {
        try {
            claim(tenantId, user, deviceId, limit);
        } catch (RuntimeException e) {
            log.warn("Could not give device {} back to {}: {}", deviceId, user.userName(), e.toString());
        }
    }

    private VpnUser user(String tenantId, String userId) {
        return Optional.ofNullable(mongo.findById(VpnUser.id(tenantId, userId), VpnUser.class))
                .orElseThrow(() -> DomainException.notFound("user-not-found", userId));
    }

    private int limit(String tenantId) {
        return contracts.of(tenantId).map(TenantContract::devicesPerUser)
                .orElse(TenantContract.DEFAULT_DEVICES_PER_USER);
    }

    private static DomainException limitReached(VpnUser user, int limit) {
        return DomainException.conflict("assignment-limit-reached", user.userName(), limit);
    }

    private static DomainException taken(Device device) {
        return DomainException.conflict("device-taken", device.name());
    }
}
