package org.sra.directory.account;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The operator account created at first start ({@code sra.operator.*}); the initial password
 * comes from the environment ({@code SRA_OPERATOR_INITIAL_PASSWORD}) and must be changed at the
 * first login.
 */
@ConfigurationProperties("sra.operator")
public record OperatorSettings(String loginId, String initialPassword) {

    public OperatorSettings {
        loginId = loginId == null || loginId.isBlank() ? "operator" : loginId;
    }
}
