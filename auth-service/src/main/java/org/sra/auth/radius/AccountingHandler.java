package org.sra.auth.radius;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import org.aaa4j.radius.core.attribute.Attribute;
import org.aaa4j.radius.core.attribute.attributes.AcctSessionId;
import org.aaa4j.radius.core.attribute.attributes.AcctStatusType;
import org.aaa4j.radius.core.attribute.attributes.FramedIpAddress;
import org.aaa4j.radius.core.attribute.attributes.ProxyState;
import org.aaa4j.radius.core.attribute.attributes.UserName;
import org.aaa4j.radius.core.packet.Packet;
import org.aaa4j.radius.core.packet.packets.AccountingResponse;
import org.springframework.stereotype.Component;
import org.sra.auth.readmodel.NasClient;
import org.sra.auth.session.Sessions;

/**
 * Accounting-Request (RFC 2866) → the session list. Every valid request is acknowledged, also
 * one about a session that is already over (the NAS must stop retrying it).
 */
@Component
class AccountingHandler implements RequestHandler {

    static final int ACCOUNTING_REQUEST = 4;

    static final int START = 1;
    static final int STOP = 2;
    static final int INTERIM_UPDATE = 3;
    static final int ACCOUNTING_ON = 7;
    static final int ACCOUNTING_OFF = 8;

    private final Sessions sessions;

    AccountingHandler(Sessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public String port() {
        return "acct";
    }

    @Override
    public int requestCode() {
        return ACCOUNTING_REQUEST;
    }

    /** The Request Authenticator (MD5 over the packet and the secret); a Message-Authenticator, if any, is checked by the decode. */
    @Override
    public PacketScreen.Verdict screen(byte[] packet, byte[] secret) {
        return PacketScreen.accountingRequest(packet, secret);
    }

    @Override
    public Packet answer(NasClient nas, InetSocketAddress source, Packet request) {
        int status = request.getAttribute(AcctStatusType.class).map(a -> a.getData().getValue()).orElse(0);
        String sessionId = request.getAttribute(AcctSessionId.class).map(a -> a.getData().getValue()).orElse(null);
        String userName = request.getAttribute(UserName.class).map(a -> a.getData().getValue()).orElse(null);
        String framedIp = request.getAttribute(FramedIpAddress.class)
                .map(a -> a.getData().getValue().getHostAddress()).orElse(null);
        switch (status) {
            case START -> {
                if (sessionId != null) {
                    sessions.started(nas, source.getAddress().getHostAddress(), sessionId, userName, framedIp);
                }
            }
            case INTERIM_UPDATE -> {
                if (sessionId != null) {
                    sessions.interim(nas, sessionId);
                }
            }
            case STOP -> {
                if (sessionId != null) {
                    sessions.stopped(nas, sessionId);
                }
            }
            case ACCOUNTING_ON, ACCOUNTING_OFF -> sessions.nasRestarted(nas);
            default -> { }
        }
        // No Message-Authenticator here: RFC 3579 defines it for Access-* packets, accounting is
        // protected by its authenticators, and FreeRADIUS 3.2's radclient rejects one in an
        // Accounting-Response.
        List<Attribute<?>> attributes = new ArrayList<>(request.getAttributes(ProxyState.class));
        return new AccountingResponse(attributes);
    }
}
