package org.sra.directory.account;

import java.time.Clock;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * Creates the operator account from configuration at first start (R-OPS-1): login id
 * {@code sra.operator.login-id}, initial password {@code sra.operator.initial-password} (from
 * the environment), to be changed at the first login. An existing account is left alone, so a
 * restart never resets a changed password.
 */
@Component
class OperatorAccount implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(OperatorAccount.class);

    private final Accounts accounts;
    private final Passwords passwords;
    private final OperatorSettings settings;
    private final Clock clock;

    OperatorAccount(Accounts accounts, Passwords passwords, OperatorSettings settings, Clock clock) {
        this.accounts = accounts;
        this.passwords = passwords;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        String loginId = LoginIds.normalize(settings.loginId());
        if (accounts.existsByLoginId(loginId)) {
            return;
        }
        if (settings.initialPassword() == null || settings.initialPassword().isBlank()) {
            log.warn("No operator account yet and no SRA_OPERATOR_INITIAL_PASSWORD: set it to create operator {}",
                    loginId);
            return;
        }
        try {
            accounts.save(Account.operator(UUID.randomUUID().toString(), loginId,
                    passwords.hash(settings.initialPassword()), clock.instant()));
            log.info("Created operator account {}; its password must be changed at the first login", loginId);
        } catch (DuplicateKeyException raced) {
            log.info("Operator account {} was created by another replica", loginId);
        }
    }
}
