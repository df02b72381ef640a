package org.sra.auth.radius;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.aaa4j.radius.core.attribute.Attribute;
import org.aaa4j.radius.core.attribute.Ipv4AddrData;
import org.aaa4j.radius.core.attribute.StringData;
import org.aaa4j.radius.core.attribute.TextData;
import org.aaa4j.radius.core.attribute.attributes.AcctSessionId;
import org.aaa4j.radius.core.attribute.attributes.ErrorCause;
import org.aaa4j.radius.core.attribute.attributes.FramedIpAddress;
import org.aaa4j.radius.core.attribute.attributes.MessageAuthenticator;
import org.aaa4j.radius.core.attribute.attributes.UserName;
import org.aaa4j.radius.core.dictionary.dictionaries.StandardDictionary;
import org.aaa4j.radius.core.packet.Packet;
import org.aaa4j.radius.core.packet.PacketCodec;
import org.aaa4j.radius.core.packet.PacketCodecException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.sra.auth.session.NasDisconnect;

/**
 * Sends an RFC 5176 Disconnect-Request to the headend that carries a session and waits for its
 * ACK or NAK.
 *
 * <p>The request carries a Message-Authenticator (RFC 3579 §3.2, RFC 5176 §3.4) as its first
 * attribute. As for every RFC 5176 request (and as FreeRADIUS signs them), both authenticators
 * are computed over the packet with a zero Request Authenticator: aaa4j's codec fills in the
 * Message-Authenticator HMAC-MD5 (it is handed 16 zero octets as the authenticator), then the
 * Request Authenticator is the §2.3 MD5 over that packet and the shared secret (aaa4j computes
 * that MD5 only for Accounting-Request).
 *
 * <p>An answer counts only when it comes from the address and port the request was sent to,
 * carries the request's identifier, is an ACK or NAK, and its Response Authenticator and any
 * Message-Authenticator verify with the NAS's secret (aaa4j's {@code decodeResponse}). Anything
 * else is logged without the secret and ignored: the wait goes on until the timeout, so a forged
 * or stray datagram can neither acknowledge nor refuse a disconnect. The socket is deliberately
 * not connected, so that such datagrams reach the log instead of being dropped by the kernel
 * unseen. There is no CoA-Request sender; a future one would sign and check the same way.
 */
@Component
public class Disconnector implements NasDisconnect {

    private static final Logger log = LoggerFactory.getLogger(Disconnector.class);

    static final int DISCONNECT_REQUEST = 40;
    static final int DISCONNECT_ACK = 41;
    static final int DISCONNECT_NAK = 42;

    /** What became of a Disconnect-Request. */
    public enum Outcome {
        /** a valid Disconnect-ACK */
        ACKNOWLEDGED,
        /** a valid Disconnect-NAK */
        REFUSED,
        /** no valid answer within the timeout (nothing, or only answers that were ignored) */
        NO_ANSWER,
        /** the request could not be built or sent */
        FAILED
    }

    private final RadiusSettings settings;
    private final PacketCodec codec = new PacketCodec(new StandardDictionary());

    Disconnector(RadiusSettings settings) {
        this.settings = settings;
    }

    @Override
    public boolean disconnect(String nasAddress, byte[] secret, String userName, String acctSessionId, String framedIp) {
        return send(nasAddress, secret, userName, acctSessionId, framedIp) == Outcome.ACKNOWLEDGED;
    }

    /** Sends the Disconnect-Request and waits up to {@code sra.radius.disconnect-timeout} for a valid answer. */
    public Outcome send(String nasAddress, byte[] secret, String userName, String acctSessionId, String framedIp) {
        if (nasAddress == null || nasAddress.isBlank()) {
            // InetAddress.getByName would take a missing address for loopback
            log.warn("Disconnect-Request for session {} not sent: the session has no NAS address", acctSessionId);
            return Outcome.FAILED;
        }
        InetSocketAddress target;
        byte[] request;
        try {
            target = new InetSocketAddress(InetAddress.getByName(nasAddress), settings.disconnectPort());
            request = encode(secret, userName, acctSessionId, framedIp);
        } catch (IOException | PacketCodecException | NoSuchAlgorithmException | ClassCastException e) {
            log.warn("Disconnect-Request for session {} to {} not sent: {}", acctSessionId, nasAddress, e.toString());
            return Outcome.FAILED;
        }
        byte[] requestAuthenticator = Arrays.copyOfRange(request, 4, 20);
        long deadline = System.nanoTime() + settings.disconnectTimeout().toNanos();
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.send(new DatagramPacket(request, request.length, target));
            byte[] buffer = new byte[4096];
            while (true) {
                long leftMillis = (deadline - System.nanoTime()) / 1_000_000;
                if (leftMillis <= 0) {
                    return Outcome.NO_ANSWER;
                }
                socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, leftMillis));
                DatagramPacket answer = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(answer);
                } catch (SocketTimeoutException e) {
                    return Outcome.NO_ANSWER;
                }
                byte[] response = Arrays.copyOf(buffer, answer.getLength());
                String ignored = check(answer, target, request, response);
                if (ignored == null) {
                    try {
                        Packet decoded = codec.decodeResponse(response, secret, requestAuthenticator);
                        if (decoded.getCode() == DISCONNECT_ACK) {
                            return Outcome.ACKNOWLEDGED;
                        }
                        log.info("NAS {} refused the Disconnect-Request for session {} (Error-Cause {})", nasAddress,
                                acctSessionId, decoded.getAttribute(ErrorCause.class)
                                        .map(cause -> String.valueOf(cause.getData().getValue())).orElse("none"));
                        return Outcome.REFUSED;
                    } catch (PacketCodecException e) {
                        // the codec's message names the failed check (authenticator, length), never the secret
                        ignored = "it does not verify with the NAS's shared secret (" + e.getMessage() + ")";
                    }
                }
                log.warn("Ignored a datagram from {} while waiting for the answer of NAS {} to the Disconnect-Request "
                        + "for session {}: {}", answer.getSocketAddress(), target, acctSessionId, ignored);
            }
        } catch (IOException e) {
            log.warn("Disconnect-Request for session {} to {} failed: {}", acctSessionId, target, e.toString());
            return Outcome.FAILED;
        }
    }

    /** Why a received datagram is not the answer to {@code request} from {@code target}; null when it may be. */
    private static String check(DatagramPacket answer, InetSocketAddress target, byte[] request, byte[] response) {
        if (!target.getAddress().equals(answer.getAddress()) || target.getPort() != answer.getPort()) {
            return "it does not come from the address and port the request was sent to";
        }
        if (response.length < 20) {
            return "it is too short for a RADIUS packet";
        }
        int code = response[0] & 0xff;
        if (code != DISCONNECT_ACK && code != DISCONNECT_NAK) {
            return "code " + code + " is neither Disconnect-ACK nor Disconnect-NAK";
        }
        if (response[1] != request[1]) {
            return "identifier " + (response[1] & 0xff) + " is not the request's " + (request[1] & 0xff);
        }
        return null;
    }

    private byte[] encode(byte[] secret, String userName, String acctSessionId, String framedIp)
            throws IOException, PacketCodecException, NoSuchAlgorithmException {
        List<Attribute<?>> attributes = new ArrayList<>();
        attributes.add(new MessageAuthenticator(new StringData(new byte[16])));
        attributes.add(new UserName(new TextData(userName)));
        attributes.add(new AcctSessionId(new TextData(acctSessionId)));
        if (framedIp != null && !framedIp.isBlank()) {
            attributes.add(new FramedIpAddress(new Ipv4AddrData((Inet4Address) InetAddress.getByName(framedIp))));
        }
        // zero Request Authenticator: the codec computes the Message-Authenticator over it
        byte[] bytes = codec.encodeRequest(new Packet(DISCONNECT_REQUEST, attributes), secret, new byte[16]);
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        md5.update(bytes);
        md5.update(secret);
        System.arraycopy(md5.digest(), 0, bytes, 4, 16);
        return bytes;
    }
}
