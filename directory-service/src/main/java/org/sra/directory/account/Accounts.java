package org.sra.directory.account;

import java.util.List;
import java.util.Optional;

import org.springframework.data.mongodb.repository.MongoRepository;
import org.sra.kit.security.Role;

interface Accounts extends MongoRepository<Account, String> {

    Optional<Account> findByLoginIdAndDeletedFalse(String loginId);

    Optional<Account> findByIdAndDeletedFalse(String id);

    Optional<Account> findByIdAndTenantIdAndDeletedFalse(String id, String tenantId);

    List<Account> findByTenantIdAndDeletedFalseOrderByCreatedAtAsc(String tenantId);

    long countByTenantIdAndRoleAndDeletedFalse(String tenantId, Role role);

    /** Whether any account (a tombstone too) belongs to a tenant whose id starts so. */
    boolean existsByTenantIdStartingWith(String prefix);

    /** Also counts tombstones still in the outbox: their login id is taken until they are gone. */
    boolean existsByLoginId(String loginId);
}
