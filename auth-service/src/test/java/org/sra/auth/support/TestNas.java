package org.sra.auth.support;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.aaa4j.radius.core.attribute.Attribute;
import org.aaa4j.radius.core.attribute.EnumData;
import org.aaa4j.radius.core.attribute.Ipv4AddrData;
import org.aaa4j.radius.core.attribute.StringData;
import org.aaa4j.radius.core.attribute.TextData;
import org.aaa4j.radius.core.attribute.VsaData;
import org.aaa4j.radius.core.attribute.attributes.AcctSessionId;
import org.aaa4j.radius.core.attribute.attributes.AcctStatusType;
import org.aaa4j.radius.core.attribute.attributes.FramedIpAddress;
import org.aaa4j.radius.core.attribute.attributes.MessageAuthenticator;
import org.aaa4j.radius.core.attribute.attributes.UserName;
import org.aaa4j.radius.core.attribute.attributes.UserPassword;
import org.aaa4j.radius.core.attribute.attributes.VendorSpecific;
import org.aaa4j.radius.core.dictionary.dictionaries.StandardDictionary;
import org.aaa4j.radius.core.packet.Packet;
import org.aaa4j.radius.core.packet.PacketCodec;
import org.aaa4j.radius.core.packet.PacketCodecException;
import org.aaa4j.radius.core.packet.packets.AccessRequest;
import org.aaa4j.radius.core.packet.packets.AccountingRequest;

/**
 * A headend for tests, built on aaa4j-radius's codec: sends from a chosen loopback address (so
 * that several NAS clients can be told apart) and can send what a real NAS must not — no
 * Message-Authenticator, a wrong secret, the same packet twice.
 */
public final class TestNas implements AutoCloseable {

    private final DatagramSocket socket;
    private final byte[] secret;
    private final InetSocketAddress auth;
    private final InetSocketAddress acct;
    private final PacketCodec codec = new PacketCodec(new StandardDictionary());
    private final SecureRandom random = new SecureRandom();

    public TestNas(String localAddress, String secret, int authPort, int acctPort) throws IOException {
        this.socket = new DatagramSocket(new InetSocketAddress(localAddress, 0));
        this.socket.setSoTimeout(5000);
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.auth = new InetSocketAddress("127.0.0.1", authPort);
        this.acct = new InetSocketAddress("127.0.0.1", acctPort);
    }

    /** An encoded Access-Request and the authenticator it carries. */
    public record Request(byte[] bytes, byte[] authenticator) {
    }

    public Request accessRequest(String user, String password, boolean messageAuthenticator, String secretToUse,
                                 String... avPairs) {
        List<Attribute<?>> attributes = new ArrayList<>();
        if (messageAuthenticator) {
            attributes.add(new MessageAuthenticator(new StringData(new byte[16])));
        }
        attributes.add(new UserName(new TextData(user)));
        attributes.add(new UserPassword(new StringData(password.getBytes(StandardCharsets.UTF_8))));
        for (String pair : avPairs) {
            attributes.add(new VendorSpecific(new VsaData(9, 1, pair.getBytes(StandardCharsets.UTF_8))));
        }
        byte[] authenticator = new byte[16];
        random.nextBytes(authenticator);
        try {
            return new Request(codec.encodeRequest(new AccessRequest(attributes),
                    secretToUse.getBytes(StandardCharsets.UTF_8), authenticator), authenticator);
        } catch (PacketCodecException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends a well-formed Access-Request (PAP, Message-Authenticator) and decodes the answer. */
    public Packet access(String user, String password, String... avPairs) {
        Request request = accessRequest(user, password, true, new String(secret, StandardCharsets.UTF_8), avPairs);
        byte[] answer = send(request.bytes(), auth, 5000);
        return answer == null ? null : decode(answer, request.authenticator());
    }

    public byte[] sendAuth(byte[] bytes, int timeoutMillis) {
        return send(bytes, auth, timeoutMillis);
    }

    public Packet decode(byte[] answer, byte[] requestAuthenticator) {
        try {
            return codec.decodeResponse(answer, secret, requestAuthenticator);
        } catch (PacketCodecException e) {
            throw new IllegalStateException("answer does not verify with the shared secret", e);
        }
    }

    public Packet accounting(int status, String sessionId, String user, String framedIp) {
        List<Attribute<?>> attributes = new ArrayList<>();
        attributes.add(new AcctStatusType(new EnumData(status)));
        if (sessionId != null) {
            attributes.add(new AcctSessionId(new TextData(sessionId)));
        }
        if (user != null) {
            attributes.add(new UserName(new TextData(user)));
        }
        try {
            if (framedIp != null) {
                attributes.add(new FramedIpAddress(new Ipv4AddrData((Inet4Address) InetAddress.getByName(framedIp))));
            }
            byte[] authenticator = new byte[16];
            byte[] bytes = codec.encodeRequest(new AccountingRequest(attributes), secret, authenticator);
            byte[] answer = send(bytes, acct, 5000);
            return answer == null ? null : codec.decodeResponse(answer, secret, authenticator);
        } catch (IOException | PacketCodecException e) {
            throw new IllegalStateException(e);
        }
    }

    private synchronized byte[] send(byte[] bytes, InetSocketAddress to, int timeoutMillis) {
        try {
            socket.setSoTimeout(timeoutMillis);
            socket.send(new DatagramPacket(bytes, bytes.length, to));
            byte[] buffer = new byte[4096];
            while (true) {
                DatagramPacket answer = new DatagramPacket(buffer, buffer.length);
                socket.receive(answer);
                if (buffer[1] == bytes[1]) {
                    return Arrays.copyOf(buffer, answer.getLength());
                }
            }
        } catch (SocketTimeoutException e) {
            return null;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
