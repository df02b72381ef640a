package org.sra.directory.tenant;

import java.util.List;
import java.util.Optional;

import org.springframework.data.mongodb.repository.MongoRepository;

interface Tenants extends MongoRepository<Tenant, String> {

    Optional<Tenant> findByIdAndDeletedFalse(String id);

    List<Tenant> findByDeletedFalseOrderByCreatedAtAsc();

    boolean existsByNameAndDeletedFalse(String name);
}
