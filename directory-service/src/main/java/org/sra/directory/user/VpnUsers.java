package org.sra.directory.user;

import java.util.List;
import java.util.Optional;

import org.springframework.data.mongodb.repository.MongoRepository;
import org.springframework.data.mongodb.repository.Query;

interface VpnUsers extends MongoRepository<VpnUser, String> {

    @Query(value = "{ 'tenantId': ?0, 'deleted': false }", sort = "{ 'userKey': 1 }")
    List<VpnUser> findAllOf(String tenantId);

    long countByTenantIdAndDeletedFalse(String tenantId);

    Optional<VpnUser> findByIdAndTenantIdAndDeletedFalse(String id, String tenantId);
}
