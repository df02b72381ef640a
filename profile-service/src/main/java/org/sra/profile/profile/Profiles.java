package org.sra.profile.profile;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.data.mongodb.repository.MongoRepository;

/**
 * The profiles. Look-ups are by key ({@code _id}, {@link Profile#liveKey}, the link key): the
 * embedded store answers only those from an index and reads the whole collection for anything
 * else, so a condition next to the key (such as "not deleted") is checked after reading.
 */
public interface Profiles extends MongoRepository<Profile, String> {

    /** The live profile with this {@link Profile#liveKey(String, String) key}. */
    Optional<Profile> findByLiveKey(String liveKey);

    /** The live profiles with these keys (those that exist). */
    List<Profile> findByLiveKeyIn(Collection<String> liveKeys);

    /** The profile whose current link has this token hash; it may be a tombstone. */
    Optional<Profile> findByLinkKey(String tokenHash);

    /** The tenant's profile list: reads the whole collection (the console's list, not a per-event path). */
    List<Profile> findByTenantIdAndDeletedFalseOrderByProfileIdAsc(String tenantId);
}
