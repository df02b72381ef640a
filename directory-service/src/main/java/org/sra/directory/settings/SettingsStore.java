package org.sra.directory.settings;

import org.springframework.data.mongodb.repository.MongoRepository;

interface SettingsStore extends MongoRepository<TenantSettings, String> {
}
