package org.sra.auth.password;

import java.net.MalformedURLException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLSocketFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.sra.events.settings.SettingsChanged;

import com.microsoft.aad.msal4j.MsalServiceException;
import com.microsoft.aad.msal4j.PublicClientApplication;
import com.microsoft.aad.msal4j.UserNamePasswordParameters;

/**
 * Entra ID sign-in by the resource-owner password credentials flow (MSAL4J). MSAL4J offers this
 * flow on public client applications only, so the tenant's app registration must allow public
 * client flows; the client secret is not needed for it. {@code invalid_grant} (wrong password,
 * or an account that needs MFA) is a refusal; anything else means Entra could not be asked.
 */
@Component
class EntraSignIn {

    private static final Set<String> SCOPES = Set.of("openid", "profile");

    private final DirectorySettings settings;
    private final SSLSocketFactory sslSocketFactory;
    private final Map<String, PublicClientApplication> applications = new ConcurrentHashMap<>();

    EntraSignIn(DirectorySettings settings, ObjectProvider<SSLSocketFactory> sslSocketFactory) {
        this.settings = settings;
        this.sslSocketFactory = sslSocketFactory.getIfAvailable();
    }

    boolean signIn(String tenantId, SettingsChanged.EntraId entraId, String userName, String password,
                   long timeoutMillis) {
        String upn = userName.contains("@") ? userName : userName + "@" + entraId.domain();
        try {
            application(entraId, (int) timeoutMillis).acquireToken(UserNamePasswordParameters
                    .builder(SCOPES, upn, password.toCharArray()).build()).get(timeoutMillis, TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof MsalServiceException refused && "invalid_grant".equals(refused.errorCode())) {
                return false;
            }
            throw new DirectoryUnavailableException("Entra ID sign-in failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new DirectoryUnavailableException("Entra ID did not answer in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DirectoryUnavailableException("interrupted", e);
        }
    }

    private PublicClientApplication application(SettingsChanged.EntraId entraId, int timeoutMillis) {
        String authority = settings.entraAuthority().endsWith("/") ? settings.entraAuthority()
                : settings.entraAuthority() + "/";
        return applications.computeIfAbsent(entraId.clientId() + "@" + authority + entraId.domain(), key -> {
            try {
                var builder = PublicClientApplication.builder(entraId.clientId())
                        .authority(authority + entraId.domain() + "/")
                        .connectTimeoutForDefaultHttpClient(Math.min(timeoutMillis, 1500))
                        .readTimeoutForDefaultHttpClient((int) settings.serverTimeout().toMillis() * 2);
                if (!authority.startsWith("https://login.microsoftonline.com/")) {
                    builder.instanceDiscovery(false).validateAuthority(false);
                }
                if (sslSocketFactory != null) {
                    builder.sslSocketFactory(sslSocketFactory);
                }
                return builder.build();
            } catch (MalformedURLException e) {
                throw new DirectoryUnavailableException("bad Entra authority " + authority, e);
            }
        });
    }
}
