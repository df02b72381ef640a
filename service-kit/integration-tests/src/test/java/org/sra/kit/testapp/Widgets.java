package org.sra.kit.testapp;

import java.util.List;

import org.springframework.data.mongodb.repository.MongoRepository;

public interface Widgets extends MongoRepository<Widget, String> {

    List<Widget> findByTenantIdAndDeletedFalse(String tenantId);
}
