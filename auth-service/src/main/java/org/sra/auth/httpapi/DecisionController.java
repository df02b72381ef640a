package org.sra.auth.httpapi;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.sra.auth.authorization.AccessAnswer;
import org.sra.auth.authorization.AccessRequest;
import org.sra.auth.authorization.ConnectionAuthorizer;
import org.sra.auth.decision.DeviceIdentity;
import org.sra.auth.readmodel.NasClient;
import org.sra.auth.readmodel.ReadModel;
import org.sra.kit.error.DomainException;

/**
 * {@code POST /api/auth/decide}: the RADIUS decision as JSON. The caller is a NAS client,
 * authenticated with {@code Authorization: Basic base64(nasClientId:sharedSecret)} from its
 * registered address on the service's port, or by its client certificate on the mTLS connector
 * ({@link MtlsConnector}, {@link NasCertificates}; there the certificate alone counts). The tenant
 * comes from that NAS client, never from the body.
 */
@RestController
class DecisionController {

    private static final Logger log = LoggerFactory.getLogger(DecisionController.class);
    private static final byte[] NO_SECRET = new byte[32];

    private final ReadModel model;
    private final ConnectionAuthorizer authorizer;
    private final Clock clock;
    private final MtlsConnector mtls;
    private final NasCertificates certificates;

    DecisionController(ReadModel model, ConnectionAuthorizer authorizer, Clock clock, MtlsConnector mtls,
                       NasCertificates certificates) {
        this.model = model;
        this.authorizer = authorizer;
        this.clock = clock;
        this.mtls = mtls;
        this.certificates = certificates;
    }

    @PostMapping("/api/auth/decide")
    DecisionResponse decide(@RequestHeader(name = "Authorization", required = false) String authorization,
                            @RequestBody DecisionRequest request, HttpServletRequest http) {
        var received = clock.instant();
        NasClient nas = mtls.isMtlsPort(http.getLocalPort()) ? byCertificate(http)
                : authenticate(authorization, clientAddress(http));
        AccessAnswer answer = authorizer.authorize(new AccessRequest(nas, request.userName(), request.password(),
                new DeviceIdentity(request.deviceUid(), request.deviceMacs(), request.devicePlatform()), received,
                "http"));
        return DecisionResponse.of(answer);
    }

    /** The connector required and verified the certificate; here only: which NAS does it name. */
    private NasClient byCertificate(HttpServletRequest http) {
        if (!(http.getAttribute("jakarta.servlet.request.X509Certificate") instanceof X509Certificate[] chain)
                || chain.length == 0) {
            throw certificateUnauthorized();
        }
        return certificates.nasClient(chain[0]).orElseThrow(DecisionController::certificateUnauthorized);
    }

    /**
     * The address the call comes from: the TCP peer. The decision API is not routed through the
     * gateway (it answers 404 there), so the NAS itself is the peer, and no header a caller can
     * write is consulted — auth-service also switches Spring Boot's forwarded-header handling off
     * ({@code server.forward-headers-strategy: none}), which it would otherwise switch on by itself
     * on Kubernetes and let {@code X-Forwarded-For} from a private address replace the peer. Kept
     * in this one method so that a resolver trusting a client-address header only from the
     * gateway can take over if the API is ever published through it.
     */
    static InetAddress clientAddress(HttpServletRequest http) {
        String peer = http.getRemoteAddr();
        // only a literal (the servlet container gives one): a name would cost a DNS lookup
        if (peer == null || !(peer.matches("[0-9.]+") || peer.indexOf(':') >= 0)) {
            return null;
        }
        try {
            return InetAddress.getByName(peer);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /**
     * HTTP Basic with the NAS client's id and shared secret, accepted only from the NAS client's
     * registered address (or within its block) — the address RADIUS packets of that NAS must come
     * from too. Unknown id, wrong secret and wrong address get the same 401, in about the same
     * time, so that the answer does not tell whether a NAS client of that id exists.
     */
    private NasClient authenticate(String authorization, InetAddress client) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw unauthorized();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw unauthorized();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw unauthorized();
        }
        byte[] presented = decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
        String nasClientId = decoded.substring(0, colon);
        Optional<NasClient> nas = model.nasClient(nasClientId);
        // compared also for an unknown id, so that an unknown id takes as long as a wrong secret
        boolean secretMatches = MessageDigest.isEqual(nas.map(NasClient::secret).orElse(NO_SECRET), presented)
                && nas.isPresent();
        if (!secretMatches) {
            throw unauthorized();
        }
        if (client == null || !model.nasClientRegisteredAt(nasClientId, client)) {
            // the right secret from elsewhere: a copied secret or a moved headend; the operator should know
            log.warn("NAS client {} sent its shared secret to the HTTP decision API from {}, which is not its registered "
                    + "address; refused", nasClientId, client == null ? "an unreadable address" : client.getHostAddress());
            throw unauthorized();
        }
        return nas.get();
    }

    private static DomainException unauthorized() {
        return DomainException.unauthenticated("nas-unauthorized");
    }

    private static DomainException certificateUnauthorized() {
        return DomainException.unauthenticated("nas-certificate-unauthorized");
    }

    /**
     * @param deviceMacs     the client's MAC addresses ({@code 12-34-…} or {@code 12:34:…})
     * @param devicePlatform AnyConnect's platform name ({@code win}, {@code mac-intel}, {@code apple-ios}, {@code android})
     */
    record DecisionRequest(String userName, String password, String deviceUid, List<String> deviceMacs,
                           String devicePlatform) {

        @Override
        public String toString() {
            return "DecisionRequest[" + userName + "]";
        }
    }

    /** ACCEPT with the settings to push, or REJECT with the reason and the user's message. */
    record DecisionResponse(String result, String reason, String replyMessage, String framedIp, String netmask,
                            String primaryDns, String secondaryDns, String proxyMode, String proxyServer,
                            List<String> proxyExceptions, Boolean localLanAllowed, String groupPolicy,
                            String deviceId) {

        static DecisionResponse of(AccessAnswer answer) {
            if (!answer.accepted()) {
                return new DecisionResponse("REJECT", answer.clientReason(), answer.replyMessage(), null, null, null,
                        null, null, null, null, null, null, null);
            }
            var s = answer.settings();
            return new DecisionResponse("ACCEPT", null, null, s.framedIp(), s.netmask(), s.primaryDns(), s.secondaryDns(),
                    s.proxyMode().name(), s.proxyServer(), s.proxyExceptions(), s.localLanAllowed(), s.groupPolicy(),
                    s.deviceId());
        }
    }
}
