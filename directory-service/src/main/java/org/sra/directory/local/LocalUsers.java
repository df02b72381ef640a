package org.sra.directory.local;

import java.util.List;
import java.util.Optional;

import org.springframework.data.mongodb.repository.MongoRepository;
import org.springframework.data.mongodb.repository.Query;

interface LocalUsers extends MongoRepository<LocalUser, String> {

    @Query(value = "{ 'tenantId': ?0, 'deleted': false }", sort = "{ 'userKey': 1 }")
    List<LocalUser> findAllOf(String tenantId);

    Optional<LocalUser> findByIdAndTenantIdAndDeletedFalse(String id, String tenantId);

    Optional<LocalUser> findByTenantIdAndUserKeyAndDeletedFalse(String tenantId, String userKey);
}
