package org.sra.auth.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * A local stand-in for the Microsoft identity platform, speaking what MSAL4J's username/password
 * (ROPC) flow uses: user realm discovery and the v2.0 token endpoint, over HTTPS with a
 * self-signed certificate made by the JDK's keytool. Knows one user and password.
 */
public final class EntraStandIn implements AutoCloseable {

    private final HttpsServer server;
    private final SSLContext clientTls;
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private volatile int delayMillis;

    public EntraStandIn(String domain, String user, String password) throws Exception {
        Path dir = Files.createTempDirectory("entra-standin");
        Path keystore = dir.resolve("tls.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process process = new ProcessBuilder(keytool, "-genkeypair", "-alias", "standin", "-keyalg", "RSA", "-keysize",
                "2048", "-validity", "2", "-dname", "CN=127.0.0.1", "-ext", "SAN=IP:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("keytool failed");
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(keys.getKeyManagers(), null, null);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, trust.getTrustManagers(), null);

        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        server.createContext("/common/userrealm/", exchange -> json(exchange, 200, """
                {"ver":"1.0","account_type":"Managed","domain_name":"%s","cloud_instance_name":"microsoftonline.com",
                 "cloud_audience_urn":"urn:federation:MicrosoftOnline"}""".formatted(domain)));
        server.createContext("/" + domain + "/oauth2/v2.0/token", exchange -> {
            tokenRequests.incrementAndGet();
            Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if ("password".equals(form.get("grant_type")) && (user + "@" + domain).equalsIgnoreCase(form.get("username"))
                    && password.equals(form.get("password"))) {
                json(exchange, 200, tokenResponse(user + "@" + domain));
            } else {
                json(exchange, 400, """
                        {"error":"invalid_grant","error_description":"AADSTS50126: Error validating credentials due to invalid username or password.","error_codes":[50126]}""");
            }
        });
        server.start();
    }

    /** The authority base to configure ({@code sra.auth.directory.entra-authority}). */
    public String authority() {
        return "https://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    public SSLSocketFactory clientSocketFactory() {
        return clientTls.getSocketFactory();
    }

    public int tokenRequests() {
        return tokenRequests.get();
    }

    public void delay(int millis) {
        this.delayMillis = millis;
    }

    private static String tokenResponse(String upn) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        long now = System.currentTimeMillis() / 1000;
        String claims = b64.encodeToString(("{\"aud\":\"client\",\"iss\":\"https://login.microsoftonline.com/t/v2.0\","
                + "\"iat\":" + now + ",\"nbf\":" + now + ",\"exp\":" + (now + 3600) + ",\"oid\":\"oid-1\",\"tid\":\"tid-1\","
                + "\"sub\":\"sub-1\",\"preferred_username\":\"" + upn + "\",\"name\":\"Test\",\"ver\":\"2.0\"}")
                .getBytes(StandardCharsets.UTF_8));
        String clientInfo = b64.encodeToString("{\"uid\":\"oid-1\",\"utid\":\"tid-1\"}".getBytes(StandardCharsets.UTF_8));
        return "{\"token_type\":\"Bearer\",\"scope\":\"openid profile\",\"expires_in\":3600,\"ext_expires_in\":3600,"
                + "\"access_token\":\"standin-token\",\"id_token\":\"" + header + "." + claims + ".\","
                + "\"client_info\":\"" + clientInfo + "\"}";
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static void json(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
