package org.sra.directory.settings;

import java.util.List;

import org.springframework.data.mongodb.repository.MongoRepository;
import org.sra.events.settings.AuthType;

interface SettingsStore extends MongoRepository<TenantSettings, String> {

    List<TenantSettings> findByAuthTypeAndEntraIdNotNull(AuthType authType);
}
