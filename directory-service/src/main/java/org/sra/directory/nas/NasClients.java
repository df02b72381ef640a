package org.sra.directory.nas;

import java.util.List;
import java.util.Optional;

import org.springframework.data.mongodb.repository.MongoRepository;

interface NasClients extends MongoRepository<NasClient, String> {

    List<NasClient> findByDeletedFalse();

    List<NasClient> findByTenantIdAndDeletedFalseOrderByCreatedAtAsc(String tenantId);

    Optional<NasClient> findByIdAndTenantIdAndDeletedFalse(String id, String tenantId);
}
