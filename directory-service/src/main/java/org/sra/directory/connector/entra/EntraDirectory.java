package org.sra.directory.connector.entra;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.microsoft.aad.msal4j.AbstractClientApplicationBase;
import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.MsalException;
import com.microsoft.aad.msal4j.MsalServiceException;
import com.microsoft.aad.msal4j.PublicClientApplication;
import com.microsoft.aad.msal4j.UserNamePasswordParameters;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One tenant's Entra ID: lists users through Microsoft Graph with an application token
 * (client credentials, MSAL4J caches it until shortly before it expires) and checks a password
 * with the resource-owner password credentials flow.
 *
 * <pre>{@code
 * EntraDirectory.verify(settings, app, "admin", password);   // throws EntraException naming the step
 * EntraDirectory entra = EntraDirectory.connect(settings, app);
 * List<EntraUser> users = entra.users("yamada", 50_000);      // startswith on name, UPN, mail; quotes escaped
 * }</pre>
 *
 * <p>Graph's 429 (and 503) answers are waited out as their {@code Retry-After} says, at most
 * {@link EntraConnectionSettings#throttleRetries()} times and never longer than
 * {@link EntraConnectionSettings#maxRetryAfter()} each; then {@link EntraFailure#THROTTLED}.
 * The password check uses a public client application, as auth-service does at connection
 * time (MSAL4J offers ROPC only there), so the app must allow public client flows.
 */
public final class EntraDirectory implements AutoCloseable {

    /** The steps of {@link #verify}, named in its failures. */
    public enum Step { CLIENT_CREDENTIALS, GRAPH_USERS, ADMIN_SIGN_IN }

    /** An {@link EntraException} of {@link #verify}, with the step that failed. */
    public static final class VerificationFailed extends EntraException {
        private final Step step;

        VerificationFailed(Step step, EntraException cause) {
            super(cause.failure(), step + ": " + cause.getMessage(), cause.retryAfterSeconds(), cause);
            this.step = step;
        }

        public Step step() {
            return step;
        }
    }

    static final String GRAPH_SCOPE = "https://graph.microsoft.com/.default";
    private static final Set<String> SIGN_IN_SCOPES = Set.of("openid", "profile");
    private static final String SELECT = "id,displayName,mail,userPrincipalName,accountEnabled";
    private static final int PAGE_SIZE = 999; // Graph's largest $top for users
    private static final Pattern AADSTS = Pattern.compile("AADSTS(\\d+)");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final EntraConnectionSettings settings;
    private final EntraApplication app;
    private final ConfidentialClientApplication confidential;
    private final HttpClient http;
    private volatile PublicClientApplication publicClient;

    private EntraDirectory(EntraConnectionSettings settings, EntraApplication app) {
        this.settings = settings;
        this.app = app;
        try {
            var builder = ConfidentialClientApplication.builder(app.clientId(),
                            ClientCredentialFactory.createFromSecret(app.clientSecret()))
                    .authority(authority());
            configure(builder);
            this.confidential = builder.build();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new EntraException(EntraFailure.UNKNOWN_TENANT, "bad authority for " + app.domain(), e);
        }
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        if (settings.tls() != null) {
            client.sslContext(settings.tls());
        }
        this.http = client.build();
    }

    /** A connector for the tenant's application; nothing is called until it is used. */
    public static EntraDirectory connect(EntraConnectionSettings settings, EntraApplication app) {
        return new EntraDirectory(settings, app);
    }

    /**
     * Saving the settings (R-SET-3): an application token, one Graph call that needs
     * {@code User.Read.All}, and a sign-in of the admin with their password (used once, not kept).
     *
     * @throws VerificationFailed naming the failed step and why
     */
    public static void verify(EntraConnectionSettings settings, EntraApplication app, String adminUser,
                              String adminPassword) {
        try (EntraDirectory directory = connect(settings, app)) {
            run(Step.CLIENT_CREDENTIALS, directory::applicationToken);
            run(Step.GRAPH_USERS, () -> directory.page(directory.usersUri(null, 1)));
            run(Step.ADMIN_SIGN_IN, () -> directory.signIn(adminUser, adminPassword));
        }
    }

    /** Lets calls in flight finish, then frees the HTTP client's threads. */
    @Override
    public void close() {
        http.shutdown();
    }

    private static void run(Step step, Runnable call) {
        try {
            call.run();
        } catch (EntraException e) {
            throw new VerificationFailed(step, e);
        }
    }

    /** The users whose display name, UPN or mail starts with {@code query} (all for blank), at most {@code limit}. */
    public List<EntraUser> users(String query, int limit) {
        List<EntraUser> users = new ArrayList<>();
        URI next = usersUri(query, Math.min(PAGE_SIZE, Math.max(1, limit)));
        while (next != null && users.size() < limit) {
            JsonNode page = page(next);
            for (JsonNode user : page.path("value")) {
                if (users.size() < limit) {
                    users.add(new EntraUser(text(user, "id"), text(user, "displayName"), text(user, "mail"),
                            text(user, "userPrincipalName"), user.path("accountEnabled").asBoolean(true)));
                }
            }
            String link = text(page, "@odata.nextLink");
            next = link == null ? null : graphLink(link);
        }
        return users;
    }

    /**
     * Signs the user in with their password (ROPC). A name without {@code @} gets the tenant's domain.
     *
     * @throws EntraException {@link EntraFailure#BAD_CREDENTIALS}, {@link EntraFailure#MFA_REQUIRED}, … or
     *                        {@link EntraFailure#UNREACHABLE}
     */
    public void signIn(String userName, String password) {
        if (userName == null || userName.isBlank() || password == null || password.isEmpty()) {
            throw new EntraException(EntraFailure.BAD_CREDENTIALS, "empty user name or password", null);
        }
        String upn = app.userPrincipalName(userName.strip());
        await(publicClient().acquireToken(UserNamePasswordParameters
                .builder(SIGN_IN_SCOPES, upn, password.toCharArray()).build()), "sign-in of " + upn);
    }

    /** An application token for Graph (from MSAL4J's cache while it is valid). */
    String applicationToken() {
        return await(confidential.acquireToken(ClientCredentialParameters.builder(Set.of(GRAPH_SCOPE)).build()),
                "client credentials of " + app.clientId()).accessToken();
    }

    /**
     * The {@code $filter} for a search: {@code startswith} on display name, UPN and mail, the
     * value quoted as an OData string literal (a quote doubled), so that no input can add terms.
     */
    static String filter(String query) {
        String literal = "'" + query.replace("'", "''") + "'";
        return "startswith(displayName," + literal + ") or startswith(userPrincipalName," + literal
                + ") or startswith(mail," + literal + ")";
    }

    URI usersUri(String query, int top) {
        StringBuilder uri = new StringBuilder(settings.graphBase() + "v1.0/users?$select=" + SELECT + "&$top=" + top);
        if (query != null && !query.isBlank()) {
            uri.append("&$filter=").append(encode(filter(query.strip())));
        }
        return URI.create(uri.toString());
    }

    /** A next link must stay on the configured Graph host: the token is never sent elsewhere. */
    private URI graphLink(String link) {
        URI uri = URI.create(link);
        if (!uri.getScheme().equalsIgnoreCase(settings.graphBase().getScheme())
                || !uri.getHost().equalsIgnoreCase(settings.graphBase().getHost())
                || uri.getPort() != settings.graphBase().getPort()) {
            throw new EntraException(EntraFailure.UNEXPECTED, "Graph next link leaves " + settings.graphBase(), null);
        }
        return uri;
    }

    private JsonNode page(URI uri) {
        for (int attempt = 0; ; attempt++) {
            HttpResponse<String> response = send(uri, applicationToken());
            int status = response.statusCode();
            if (status == 200) {
                return JSON.readTree(response.body());
            }
            if (status == 429 || status == 503) {
                long wait = retryAfter(response);
                if (attempt >= settings.throttleRetries() || wait > settings.maxRetryAfter().toSeconds()) {
                    throw new EntraException(EntraFailure.THROTTLED, "Graph answered " + status + " "
                            + (attempt + 1) + " times; Retry-After " + wait + " s", wait, null);
                }
                sleep(wait);
                continue;
            }
            String code = graphErrorCode(response.body());
            if (status == 401 || status == 403) {
                throw new EntraException(EntraFailure.GRAPH_FORBIDDEN, "Graph answered " + status + " " + code, null);
            }
            throw new EntraException(EntraFailure.UNEXPECTED, "Graph answered " + status + " " + code, null);
        }
    }

    private HttpResponse<String> send(URI uri, String token) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(settings.readTimeout())
                .header("Authorization", "Bearer " + token).header("Accept", "application/json").GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new EntraException(EntraFailure.UNREACHABLE, "Graph at " + uri.getHost() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EntraException(EntraFailure.UNREACHABLE, "interrupted", e);
        }
    }

    /** Seconds of a {@code Retry-After} header (Graph sends seconds); 1 when absent or unreadable. */
    static long retryAfter(HttpResponse<?> response) {
        String value = response.headers().firstValue("Retry-After").orElse("1").strip();
        try {
            return Math.max(0, Long.parseLong(value));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static void sleep(long seconds) {
        try {
            TimeUnit.SECONDS.sleep(seconds);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EntraException(EntraFailure.UNREACHABLE, "interrupted while throttled", e);
        }
    }

    private <T extends IAuthenticationResult> T await(CompletableFuture<T> call, String what) {
        long timeout = settings.connectTimeout().plus(settings.readTimeout()).toMillis();
        try {
            return call.get(timeout, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw translate(e.getCause(), what);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new EntraException(EntraFailure.UNREACHABLE, what + ": no answer within " + timeout + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EntraException(EntraFailure.UNREACHABLE, "interrupted", e);
        }
    }

    /** AADSTS code of the error body → failure; MSAL4J's client errors without one are connection failures. */
    static EntraException translate(Throwable cause, String what) {
        String message = cause == null ? "" : String.valueOf(cause.getMessage());
        Matcher code = AADSTS.matcher(message);
        if (code.find()) {
            int aadsts = Integer.parseInt(code.group(1));
            return new EntraException(EntraFailure.ofAadsts(aadsts), what + ": AADSTS" + aadsts, cause);
        }
        if (cause instanceof MsalServiceException) {
            return new EntraException(EntraFailure.UNEXPECTED, what + ": " + firstLine(message), cause);
        }
        if (cause instanceof MsalException || cause instanceof IOException) {
            return new EntraException(EntraFailure.UNREACHABLE, what + ": " + firstLine(message), cause);
        }
        return new EntraException(EntraFailure.UNEXPECTED, what + ": " + cause, cause);
    }

    private PublicClientApplication publicClient() {
        PublicClientApplication client = publicClient;
        if (client == null) {
            synchronized (this) {
                if (publicClient == null) {
                    try {
                        var builder = PublicClientApplication.builder(app.clientId()).authority(authority());
                        configure(builder);
                        publicClient = builder.build();
                    } catch (MalformedURLException | IllegalArgumentException e) {
                        throw new EntraException(EntraFailure.UNKNOWN_TENANT, "bad authority for " + app.domain(), e);
                    }
                }
                client = publicClient;
            }
        }
        return client;
    }

    private void configure(AbstractClientApplicationBase.Builder<?> builder) {
        builder.connectTimeoutForDefaultHttpClient((int) settings.connectTimeout().toMillis())
                .readTimeoutForDefaultHttpClient((int) settings.readTimeout().toMillis());
        if (!settings.microsoftAuthority()) {
            // a stand-in: MSAL4J would otherwise ask Microsoft whether the authority host is known
            builder.instanceDiscovery(false).validateAuthority(false);
        }
        if (settings.tls() != null) {
            builder.sslSocketFactory(settings.tls().getSocketFactory());
        }
    }

    private String authority() {
        return settings.authorityBase() + encode(app.domain()) + "/";
    }

    private static String graphErrorCode(String body) {
        try {
            return text(JSON.readTree(body).path("error"), "code");
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
