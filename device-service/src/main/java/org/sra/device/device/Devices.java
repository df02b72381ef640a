package org.sra.device.device;

import java.util.List;
import java.util.Optional;

import org.springframework.data.mongodb.repository.MongoRepository;

/** The devices collection. Every query names the tenant and skips tombstones. */
public interface Devices extends MongoRepository<Device, String> {

    /**
     * The tenant's device, absent when it is a tombstone or another tenant's. Read by {@code _id}
     * alone and checked here: a query that also names the tenant would make the embedded store
     * read the whole collection.
     */
    default Optional<Device> findInTenant(String id, String tenantId) {
        return findById(id).filter(device -> tenantId.equals(device.tenantId()) && !device.isDeleted());
    }


    List<Device> findByImportIdAndDeletedFalse(String importId);
}
