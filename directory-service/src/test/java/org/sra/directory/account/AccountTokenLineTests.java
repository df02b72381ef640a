package org.sra.directory.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.sra.events.EventCodec;
import org.sra.events.account.AdminTokensRevoked;
import org.sra.kit.outbox.PendingEvent;
import org.sra.kit.security.Role;

/**
 * Where an account's revocations draw the line between refused and accepted tokens: the whole
 * second after the change, and a second beyond the previous line when revocations follow each
 * other within a second (the tokens issued in between carry the previous line as their iat).
 */
class AccountTokenLineTests {

    private static final Duration TTL = Duration.ofMinutes(15);

    @Test
    void theLineIsTheNextWholeSecondAndLaterTokensAreIssuedFromIt() {
        Account account = Account.tenantAccount("a-1", "t-1", "yamada@t-1", Role.ADMIN, "$2a$hash",
                Instant.parse("2026-12-07T09:00:00Z"));
        Instant revokedAt = Instant.parse("2026-12-07T10:00:00.400Z");

        account.resetPassword("$2a$other", revokedAt, TTL);

        AdminTokensRevoked revoked = lastRevocation(account);
        assertThat(revoked.notBefore()).isEqualTo(Instant.parse("2026-12-07T10:00:01Z"));
        assertThat(revoked.until()).isEqualTo(revokedAt.plus(TTL));
        assertThat(revoked.reason()).isEqualTo("PASSWORD_RESET");
        assertThat(revoked.sessionId()).isNull();
        // a token issued at 10:00:00.700 gets iat 10:00:01 (not refused); one at 10:00:03 its own time
        assertThat(account.tokensIssuedAt(Instant.parse("2026-12-07T10:00:00.700Z")))
                .isEqualTo(Instant.parse("2026-12-07T10:00:01Z"));
        assertThat(account.tokensIssuedAt(Instant.parse("2026-12-07T10:00:03.200Z")))
                .isEqualTo(Instant.parse("2026-12-07T10:00:03.200Z"));
    }

    @Test
    void aSecondRevocationWithinTheSameSecondDrawsItsLineBeyondTheTokensIssuedInBetween() {
        Account account = Account.tenantAccount("a-1", "t-1", "yamada@t-1", Role.ADMIN, "$2a$hash",
                Instant.parse("2026-12-07T09:00:00Z"));
        account.changePassword("$2a$new", Instant.parse("2026-12-07T10:00:00.400Z"), TTL);
        // the new session's token: iat 10:00:01
        Instant issuedBetween = account.tokensIssuedAt(Instant.parse("2026-12-07T10:00:00.500Z"));

        account.changeRole(Role.AUDITOR, Instant.parse("2026-12-07T10:00:00.600Z"), TTL);

        AdminTokensRevoked demoted = lastRevocation(account);
        assertThat(demoted.reason()).isEqualTo("ROLE_CHANGED");
        assertThat(issuedBetween).isBefore(demoted.notBefore());
        assertThat(demoted.notBefore()).isEqualTo(Instant.parse("2026-12-07T10:00:02Z"));
        assertThat(account.tokensIssuedAt(Instant.parse("2026-12-07T10:00:00.700Z"))).isEqualTo(demoted.notBefore());
    }

    @Test
    void theOperatorAccountAnnouncesNothing() {
        Account operator = Account.operator("o-1", "operator", "$2a$hash", Instant.parse("2026-12-07T09:00:00Z"));

        operator.changePassword("$2a$new", Instant.parse("2026-12-07T10:00:00.400Z"), TTL);

        assertThat(operator.pendingEvents()).isEmpty();
    }

    private static AdminTokensRevoked lastRevocation(Account account) {
        return account.pendingEvents().stream().map(PendingEvent::envelope).map(EventCodec::decode)
                .map(envelope -> envelope.payload())
                .filter(AdminTokensRevoked.class::isInstance).map(AdminTokensRevoked.class::cast)
                .reduce((first, second) -> second).orElseThrow();
    }
}
