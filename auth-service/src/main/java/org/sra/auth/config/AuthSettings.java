package org.sra.auth.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Decision and lease tuning.
 *
 * @param answerDeadline the headend's timeout: every answer is ready before it (R-AUT-8)
 * @param acceptHold     how long an accepted address is held for the Accounting-Start to come
 * @param leaseTtl       how long a session's address lives after its last Start/Interim; a lost
 *                       Stop frees it after this (set above the headend's interim interval)
 * @param groupPolicy    ASA group policy sent in Class as {@code OU=<name>;}; {@code {tenant}} is replaced
 */
@ConfigurationProperties("sra.auth")
public record AuthSettings(@DefaultValue("3s") Duration answerDeadline,
                           @DefaultValue("5m") Duration acceptHold,
                           @DefaultValue("2h") Duration leaseTtl,
                           @DefaultValue("SRA-{tenant}") String groupPolicy) {
}
