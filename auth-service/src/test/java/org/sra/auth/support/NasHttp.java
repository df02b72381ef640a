package org.sra.auth.support;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * A headend calling the HTTP decision API from a chosen loopback address (the API accepts a NAS
 * client only from its registered address), with the JDK's HTTP client bound to that address.
 */
public final class NasHttp {

    private NasHttp() {
    }

    /** {@code POST /api/auth/decide} from {@code fromAddress}, with HTTP Basic {@code nasClientId:secret}. */
    public static ResponseEntity<Map> decide(int port, String fromAddress, String nasClientId, String secret,
                                             Map<String, ?> body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBasicAuth(nasClientId, secret);
        return decide(port, fromAddress, headers, body);
    }

    /** {@code POST /api/auth/decide} from {@code fromAddress} with the given headers; any status is returned. */
    @SuppressWarnings("rawtypes")
    public static ResponseEntity<Map> decide(int port, String fromAddress, HttpHeaders headers, Map<String, ?> body) {
        HttpClient client;
        try {
            client = HttpClient.newBuilder().localAddress(InetAddress.getByName(fromAddress))
                    .connectTimeout(Duration.ofSeconds(5)).build();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(fromAddress, e);
        }
        try (client) {
            return RestClient.builder().requestFactory(new JdkClientHttpRequestFactory(client)).build().post()
                    .uri("http://127.0.0.1:" + port + "/api/auth/decide").headers(h -> h.addAll(headers))
                    .contentType(MediaType.APPLICATION_JSON).body(body).retrieve()
                    .onStatus(status -> true, (request, response) -> { })
                    .toEntity(Map.class);
        }
    }
}
