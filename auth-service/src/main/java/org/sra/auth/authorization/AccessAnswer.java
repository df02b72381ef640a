package org.sra.auth.authorization;

import java.util.List;

import org.sra.auth.decision.RejectReason;
import org.sra.events.profile.ProxyMode;

/**
 * The answer to the headend: accept with the settings to push (R-AUT-5), or reject with the
 * precise reason (for the decision log) and what the client is told: its reason code and the
 * message the user reads, generic where the precise one would confirm the password
 * ({@link RejectReason#toldToClient}).
 */
public record AccessAnswer(boolean accepted, RejectReason reason, String clientReason, String replyMessage,
                           Settings settings) {

    static AccessAnswer reject(RejectReason reason, boolean deviceProven, String language) {
        return new AccessAnswer(false, reason, reason.clientCode(deviceProven),
                reason.clientMessage(deviceProven, language), null);
    }

    static AccessAnswer accept(Settings settings) {
        return new AccessAnswer(true, null, null, null, settings);
    }

    /**
     * What an accepted client gets.
     *
     * @param proxyServer     {@code address:port} in MANAGEMENT mode
     * @param localLanAllowed local-segment access (R-LSG-1)
     * @param groupPolicy     ASA group policy name
     */
    public record Settings(String framedIp, String netmask, String primaryDns, String secondaryDns, ProxyMode proxyMode,
                           String proxyServer, List<String> proxyExceptions, boolean localLanAllowed,
                           String groupPolicy, String deviceId) {
    }
}
