package org.sra.auth.support;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.aaa4j.radius.core.attribute.attributes.AcctSessionId;
import org.aaa4j.radius.core.attribute.attributes.MessageAuthenticator;
import org.aaa4j.radius.core.dictionary.dictionaries.StandardDictionary;
import org.aaa4j.radius.core.packet.Packet;
import org.aaa4j.radius.core.packet.PacketCodec;

/**
 * The headend's RFC 5176 side: listens for Disconnect-Requests on its address and acknowledges
 * every one whose Request Authenticator and (required) Message-Authenticator verify with the
 * shared secret, remembering the Acct-Session-Ids.
 */
public final class FakeHeadend implements AutoCloseable {

    private final DatagramSocket socket;
    private final List<String> disconnected = new CopyOnWriteArrayList<>();

    public FakeHeadend(String address, int port, String secret) throws Exception {
        socket = new DatagramSocket(new InetSocketAddress(address, port));
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        PacketCodec codec = new PacketCodec(new StandardDictionary());
        Thread.ofPlatform().daemon().start(() -> {
            byte[] buffer = new byte[4096];
            while (!socket.isClosed()) {
                try {
                    DatagramPacket received = new DatagramPacket(buffer, buffer.length);
                    socket.receive(received);
                    byte[] request = Arrays.copyOf(buffer, received.getLength());
                    if (!validDisconnectRequest(request, key)) {
                        continue;
                    }
                    // RFC 5176 requests are signed with a zero Request Authenticator; decoding them so
                    // makes the codec check the Message-Authenticator's HMAC, whose presence is required
                    byte[] zeroed = request.clone();
                    Arrays.fill(zeroed, 4, 20, (byte) 0);
                    Packet decoded = codec.decodeRequest(zeroed, key);
                    if (decoded.getAttribute(MessageAuthenticator.class).isEmpty()) {
                        continue;
                    }
                    decoded.getAttribute(AcctSessionId.class).ifPresent(a -> disconnected.add(a.getData().getValue()));
                    byte[] ack = codec.encodeResponse(new Packet(41, List.of()), key, request[1] & 0xff,
                            Arrays.copyOfRange(request, 4, 20));
                    socket.send(new DatagramPacket(ack, ack.length, received.getSocketAddress()));
                } catch (Exception e) {
                    if (socket.isClosed()) {
                        return;
                    }
                }
            }
        });
    }

    /** RFC 5176 §2.3: the request authenticator is MD5 over the packet with 16 zero octets, then the secret. */
    private static boolean validDisconnectRequest(byte[] request, byte[] key) throws Exception {
        if (request.length < 20 || (request[0] & 0xff) != 40) {
            return false;
        }
        byte[] zeroed = request.clone();
        Arrays.fill(zeroed, 4, 20, (byte) 0);
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        md5.update(zeroed);
        md5.update(key);
        return Arrays.equals(md5.digest(), Arrays.copyOfRange(request, 4, 20));
    }

    public List<String> disconnectedSessions() {
        return disconnected;
    }

    @Override
    public void close() {
        socket.close();
    }
}
