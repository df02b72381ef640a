package org.sra.profile.profile;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.data.mongodb.repository.MongoRepository;

/** The live profiles (tombstones waiting for the relay are skipped everywhere). */
public interface Profiles extends MongoRepository<Profile, String> {

    Optional<Profile> findByTenantIdAndProfileIdAndDeletedFalse(String tenantId, String profileId);

    List<Profile> findByTenantIdAndDeletedFalseOrderByProfileIdAsc(String tenantId);

    List<Profile> findByTenantIdAndProfileIdInAndDeletedFalse(String tenantId, Collection<String> profileIds);

    List<Profile> findByTenantIdAndUserIdAndDeletedFalse(String tenantId, String userId);

    List<Profile> findByTenantIdAndDeviceIdAndDeletedFalse(String tenantId, String deviceId);

    Optional<Profile> findFirstByLinkTokenHashAndDeletedFalse(String tokenHash);
}
