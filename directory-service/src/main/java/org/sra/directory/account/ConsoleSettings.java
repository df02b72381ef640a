package org.sra.directory.account;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Where admins log in ({@code sra.console.base-url}); printed on the registration notice. */
@ConfigurationProperties("sra.console")
public record ConsoleSettings(String baseUrl) {

    public ConsoleSettings {
        baseUrl = baseUrl == null || baseUrl.isBlank() ? "http://localhost:8080" : baseUrl.replaceAll("/+$", "");
    }

    public String loginUrl() {
        return baseUrl + "/login";
    }
}
