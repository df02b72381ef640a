package org.sra.device.device;

import java.util.List;
import java.util.Optional;

import org.springframework.data.mongodb.repository.MongoRepository;

/** The devices collection. Every query names the tenant and skips tombstones. */
public interface Devices extends MongoRepository<Device, String> {

    Optional<Device> findByIdAndTenantIdAndDeletedFalse(String id, String tenantId);

    List<Device> findByTenantIdAndAssignedUserIdAndDeletedFalseOrderByNameAsc(String tenantId, String userId);

    List<Device> findByImportIdAndDeletedFalse(String importId);
}
