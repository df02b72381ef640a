package org.sra.directory.account;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * The last successful login of each account, kept apart from the account document: a login is no
 * change of the account (no event, no audit entry, no version), and a login at the same time as an
 * admin's change of the account must neither fail on the account's version nor be overwritten by it.
 */
@Component
class AdminLastLogins {

    @Document("admin_last_logins")
    record LastLogin(@Id String accountId, Instant at) {
    }

    private final MongoTemplate mongo;

    AdminLastLogins(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    void record(String accountId, Instant at) {
        mongo.upsert(Query.query(Criteria.where("_id").is(accountId)), new Update().set("at", at), LastLogin.class);
    }

    Map<String, Instant> of(Collection<String> accountIds) {
        return mongo.find(Query.query(Criteria.where("_id").in(accountIds)), LastLogin.class).stream()
                .filter(l -> l.at() != null)
                .collect(Collectors.toMap(LastLogin::accountId, LastLogin::at));
    }
}
