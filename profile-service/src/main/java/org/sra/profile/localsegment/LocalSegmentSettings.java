package org.sra.profile.localsegment;

import org.springframework.data.mongodb.repository.MongoRepository;

interface LocalSegmentSettings extends MongoRepository<LocalSegmentSetting, String> {
}
