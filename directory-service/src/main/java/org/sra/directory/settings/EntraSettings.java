package org.sra.directory.settings;

import java.io.InputStream;
import java.net.URI;
import java.security.KeyStore;
import java.time.Duration;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.io.DefaultResourceLoader;
import org.sra.directory.connector.entra.EntraConnectionSettings;

/**
 * How directory-service reaches Entra ID and Microsoft Graph.
 *
 * @param authorityBase      the tenant's domain is appended (a stand-in in tests and the local stack)
 * @param graphBase          {@code v1.0/users} is appended
 * @param connectTimeout     connect timeout of every call
 * @param readTimeout        answer timeout of every call
 * @param throttleRetries    Graph 429 answers waited out before {@code entra-throttled}
 * @param maxRetryAfter      longest {@code Retry-After} waited out
 * @param trustStore         PKCS12 trust store (resource location) replacing the JVM's, e.g. the stand-in's certificate
 * @param trustStorePassword its password
 * @param userLimit          most users "add user" reads from Graph
 */
@ConfigurationProperties("sra.entra")
public record EntraSettings(@DefaultValue("https://login.microsoftonline.com/") URI authorityBase,
                            @DefaultValue("https://graph.microsoft.com/") URI graphBase,
                            @DefaultValue("3s") Duration connectTimeout,
                            @DefaultValue("10s") Duration readTimeout,
                            @DefaultValue("3") int throttleRetries,
                            @DefaultValue("10s") Duration maxRetryAfter,
                            @DefaultValue("") String trustStore,
                            @DefaultValue("") String trustStorePassword,
                            @DefaultValue("50000") int userLimit) {

    public EntraConnectionSettings connection() {
        return new EntraConnectionSettings(authorityBase, graphBase, connectTimeout, readTimeout, throttleRetries,
                maxRetryAfter, tls());
    }

    private SSLContext tls() {
        if (trustStore.isBlank()) {
            return null;
        }
        try (InputStream in = new DefaultResourceLoader().getResource(trustStore.strip()).getInputStream()) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, trustStorePassword.toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the Entra trust store " + trustStore, e);
        }
    }
}
