package org.sra.device;

import java.util.List;
import java.util.Map;

import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.sra.kit.test.TestTokens;

/** The device-service API as one tenant's admin calls it, in Japanese unless asked otherwise. */
public final class TestApi {

    private final TestRestTemplate http;
    private final String token;
    private final String language;

    private TestApi(TestRestTemplate http, String token, String language) {
        this.http = http;
        this.token = token;
        this.language = language;
    }

    public static TestApi admin(TestRestTemplate http, String tenant) {
        return new TestApi(http, TestTokens.admin(tenant), null);
    }

    public static TestApi auditor(TestRestTemplate http, String tenant) {
        return new TestApi(http, TestTokens.auditor(tenant), null);
    }

    /** The operator (no tenant): {@code /api/operator/**}. */
    public static TestApi operator(TestRestTemplate http) {
        return new TestApi(http, TestTokens.operator(), null);
    }

    public TestApi inEnglish() {
        return new TestApi(http, token, "en");
    }

    public ResponseEntity<Map> get(String path) {
        return exchange(HttpMethod.GET, path, null, null);
    }

    public ResponseEntity<Map> post(String path, Object body) {
        return exchange(HttpMethod.POST, path, body, MediaType.APPLICATION_JSON);
    }

    public ResponseEntity<Map> put(String path, Object body) {
        return exchange(HttpMethod.PUT, path, body, MediaType.APPLICATION_JSON);
    }

    public ResponseEntity<Map> delete(String path) {
        return exchange(HttpMethod.DELETE, path, null, null);
    }

    public ResponseEntity<List> getList(String path) {
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers(null)), List.class);
    }

    public ResponseEntity<Map> postCsv(String path, byte[] csv) {
        return exchange(HttpMethod.POST, path, csv, new MediaType("text", "csv"));
    }

    public ResponseEntity<byte[]> download(String path) {
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers(null)), byte[].class);
    }

    /** A device from a few fields: the rest take the guide's recommended values. */
    public static Map<String, Object> serialDevice(String name) {
        return Map.of("name", name, "connectionAllowed", true, "type", "WINDOWS", "deviceAuth", true);
    }

    /** Creates a serial-ID Windows device and returns its id. */
    public String createDevice(String name) {
        return createDevice(serialDevice(name));
    }

    public String createDevice(Map<String, Object> device) {
        ResponseEntity<Map> created = post("/api/devices", device);
        if (!created.getStatusCode().is2xxSuccessful()) {
            throw new AssertionError("device not created: " + created.getBody());
        }
        return (String) created.getBody().get("id");
    }

    private ResponseEntity<Map> exchange(HttpMethod method, String path, Object body, MediaType type) {
        return http.exchange(path, method, new HttpEntity<>(body, headers(type)), Map.class);
    }

    private HttpHeaders headers(MediaType type) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(token);
        if (language != null) {
            headers.set(HttpHeaders.ACCEPT_LANGUAGE, language);
        }
        if (type != null) {
            headers.setContentType(type);
        }
        return headers;
    }
}
