package org.sra.directory.account.web;

import java.time.Instant;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.sra.directory.account.AccountView;
import org.sra.directory.account.AdminLogin;
import org.sra.directory.account.AdminLogin.SignedIn;
import org.sra.kit.web.ClientAddress;

/**
 * The caller's own account: login (no token), and with the session's token: refresh, logout,
 * password change, who am I. These paths are open in the security rules so that a token
 * restricted to the password change reaches them; each method needs a live session itself.
 */
@RestController
@RequestMapping("/api/account")
class AccountController {

    private final AdminLogin login;

    AccountController(AdminLogin login) {
        this.login = login;
    }

    record Credentials(@NotBlank @Size(max = 64) String loginId, @NotBlank @Size(max = 200) String password) {

        @Override
        public String toString() {
            return "Credentials[" + loginId + "]";
        }
    }

    record PasswordChange(@NotBlank @Size(max = 200) String currentPassword,
                          @NotBlank @Size(max = 200) String newPassword) {

        @Override
        public String toString() {
            return "PasswordChange";
        }
    }

    record SessionView(String accessToken, String tokenType, Instant expiresAt, Instant sessionExpiresAt,
                       boolean passwordChangeRequired, String tenantId, AccountView account) {

        static SessionView of(SignedIn signedIn) {
            return new SessionView(signedIn.token().value(), "Bearer", signedIn.token().expiresAt(),
                    signedIn.sessionEnd(), signedIn.account().passwordChangeRequired(), signedIn.account().tenantId(),
                    signedIn.account().view());
        }
    }

    record Me(String tenantId, AccountView account) {
    }

    @PostMapping("/login")
    SessionView login(@Valid @RequestBody Credentials credentials, HttpServletRequest request) {
        return SessionView.of(login.login(credentials.loginId(), credentials.password(), ClientAddress.of(request)));
    }

    @PostMapping("/password")
    SessionView changePassword(@AuthenticationPrincipal Jwt token, @Valid @RequestBody PasswordChange change) {
        return SessionView.of(login.changePassword(token, change.currentPassword(), change.newPassword()));
    }

    @PostMapping("/refresh")
    SessionView refresh(@AuthenticationPrincipal Jwt token) {
        return SessionView.of(login.refresh(token));
    }

    @PostMapping("/logout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void logout(@AuthenticationPrincipal Jwt token) {
        login.logout(token);
    }

    @GetMapping("/me")
    Me me(@AuthenticationPrincipal Jwt token) {
        var account = login.me(token);
        return new Me(account.tenantId(), account.view());
    }
}
