package org.sra.auth.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.sra.auth.readmodel.NasClient;
import org.sra.kit.test.SraIntegrationTest;

/**
 * R-AUT-5, R-AUT-6 at the store: accounting finds the live session by its NAS session id, also
 * one stored before sessions had a live key, and a revocation finds a user's live sessions
 * without asking every session ever stored.
 */
@SraIntegrationTest
@AutoConfigureTestRestTemplate
class SessionsIntegrationTests {

    @Autowired
    Sessions sessions;
    @Autowired
    UserSessions userSessions;
    @Autowired
    MongoTemplate mongo;

    static NasClient nas(String tenant) {
        // no NAS listens for Disconnect-Requests here: the session ends all the same
        return new NasClient("nas-" + tenant, tenant, "asa", "secret".getBytes(StandardCharsets.UTF_8));
    }

    Session only(String tenant, String acctSessionId) {
        return mongo.findOne(Query.query(Criteria.where("tenantId").is(tenant).and("acctSessionId").is(acctSessionId)),
                Session.class);
    }

    @Test
    void aLiveSessionStoredBeforeLiveKeysExistedIsKeyedAtStartAndEndedByItsStop() {
        String tenant = "older-" + UUID.randomUUID().toString().substring(0, 8);
        sessions.started(nas(tenant), "127.0.0.9", "acct-1", "taro", null);
        Session stored = only(tenant, "acct-1");
        mongo.updateFirst(Query.query(Criteria.where("_id").is(stored.id())), new Update().unset("liveKey"), Session.class);

        sessions.interim(nas(tenant), "acct-1");
        assertThat(only(tenant, "acct-1").live()).as("not found without its key, so not ended either").isTrue();
        sessions.indexes(); // what a start after the upgrade does
        sessions.stopped(nas(tenant), "acct-1");
        assertThat(only(tenant, "acct-1").live()).isFalse();
    }

    @Test
    void aRevocationEndsTheLiveSessionsOfTheDeviceNamedAndForgetsEndedOnes() {
        String tenant = "revoke-" + UUID.randomUUID().toString().substring(0, 8);
        // sessions of a user the read model does not know get no user id: stored here as if it did
        sessions.started(nas(tenant), "127.0.0.9", "acct-a", "hanako", null);
        sessions.started(nas(tenant), "127.0.0.9", "acct-b", "hanako", null);
        sessions.started(nas(tenant), "127.0.0.9", "acct-ended", "hanako", null);
        for (String acct : new String[] {"acct-a", "acct-b", "acct-ended"}) {
            Session session = only(tenant, acct);
            mongo.updateFirst(Query.query(Criteria.where("_id").is(session.id())), new Update().set("userId", "u-h")
                    .set("deviceId", acct.equals("acct-b") ? "d-2" : "d-1"), Session.class);
            userSessions.starting(tenant, "u-h", session.id());
        }
        String ended = only(tenant, "acct-ended").id();
        mongo.updateFirst(Query.query(Criteria.where("_id").is(ended)), new Update().set("live", false).unset("liveKey"),
                Session.class); // ended by a replica that died before taking it off the user's list

        sessions.revoked(tenant, "u-h", "d-1");
        assertThat(only(tenant, "acct-a").live()).isFalse();
        assertThat(only(tenant, "acct-b").live()).as("another device of the user").isTrue();
        assertThat(userSessions.of(tenant, "u-h")).containsExactly(only(tenant, "acct-b").id());

        sessions.revoked(tenant, "u-h", null);
        assertThat(only(tenant, "acct-b").live()).isFalse();
        assertThat(userSessions.of(tenant, "u-h")).isEmpty();
    }
}
