package org.sra.directory.connector.entra;

import java.net.URI;
import java.time.Duration;

import javax.net.ssl.SSLContext;

/**
 * Where and how to reach Entra ID and Graph.
 *
 * @param authorityBase   {@code https://login.microsoftonline.com/} in production (a stand-in in tests)
 * @param graphBase       {@code https://graph.microsoft.com/}
 * @param connectTimeout  TCP/TLS connect timeout
 * @param readTimeout     longest wait for one answer
 * @param throttleRetries how many 429 answers of Graph are waited out before giving up
 * @param maxRetryAfter   longest {@code Retry-After} waited out; a longer one gives up at once
 * @param tls             TLS settings trusting the servers, or null for the JVM's trust store
 */
public record EntraConnectionSettings(URI authorityBase, URI graphBase, Duration connectTimeout, Duration readTimeout,
                                      int throttleRetries, Duration maxRetryAfter, SSLContext tls) {

    public static final URI PRODUCTION_AUTHORITY = URI.create("https://login.microsoftonline.com/");
    public static final URI PRODUCTION_GRAPH = URI.create("https://graph.microsoft.com/");

    public EntraConnectionSettings {
        authorityBase = withSlash(authorityBase);
        graphBase = withSlash(graphBase);
    }

    /** Production endpoints with 3 s connect, 10 s read, 3 retries waiting at most 10 s each. */
    public static EntraConnectionSettings production() {
        return new EntraConnectionSettings(PRODUCTION_AUTHORITY, PRODUCTION_GRAPH, Duration.ofSeconds(3),
                Duration.ofSeconds(10), 3, Duration.ofSeconds(10), null);
    }

    /** Whether the authority is Microsoft's own (then MSAL4J validates it and uses instance discovery). */
    boolean microsoftAuthority() {
        return authorityBase.getHost().equalsIgnoreCase(PRODUCTION_AUTHORITY.getHost());
    }

    private static URI withSlash(URI uri) {
        String text = uri.toString();
        return text.endsWith("/") ? uri : URI.create(text + "/");
    }
}
