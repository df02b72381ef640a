package org.sra.profile.proxy;

import org.springframework.data.mongodb.repository.MongoRepository;

interface ProxySettings extends MongoRepository<ProxySetting, String> {
}
