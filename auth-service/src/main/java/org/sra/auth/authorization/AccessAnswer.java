package org.sra.auth.authorization;

import java.util.List;

import org.sra.auth.decision.RejectReason;
import org.sra.events.profile.ProxyMode;

/**
 * The answer to the headend: accept with the settings to push (R-AUT-5), or reject with a reason
 * and the message the user reads.
 */
public record AccessAnswer(boolean accepted, RejectReason reason, String replyMessage, Settings settings) {

    static AccessAnswer reject(RejectReason reason, String language) {
        return new AccessAnswer(false, reason, reason.replyMessage(language), null);
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
