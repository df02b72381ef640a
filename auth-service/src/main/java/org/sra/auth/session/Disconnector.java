package org.sra.auth.session;

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
import org.aaa4j.radius.core.attribute.TextData;
import org.aaa4j.radius.core.attribute.attributes.AcctSessionId;
import org.aaa4j.radius.core.attribute.attributes.FramedIpAddress;
import org.aaa4j.radius.core.attribute.attributes.UserName;
import org.aaa4j.radius.core.dictionary.dictionaries.StandardDictionary;
import org.aaa4j.radius.core.packet.Packet;
import org.aaa4j.radius.core.packet.PacketCodec;
import org.aaa4j.radius.core.packet.PacketCodecException;
import org.springframework.stereotype.Component;
import org.sra.auth.radius.RadiusSettings;

/**
 * Sends an RFC 5176 Disconnect-Request to the headend that carries a session and waits for its
 * ACK or NAK. The request authenticator is the RFC 5176 §2.3 MD5 over the packet with a zero
 * authenticator and the shared secret.
 */
@Component
public class Disconnector {

    static final int DISCONNECT_REQUEST = 40;
    static final int DISCONNECT_ACK = 41;

    private final RadiusSettings settings;
    private final PacketCodec codec = new PacketCodec(new StandardDictionary());

    Disconnector(RadiusSettings settings) {
        this.settings = settings;
    }

    /** @return true when the NAS acknowledged */
    public boolean disconnect(String nasAddress, byte[] secret, String userName, String acctSessionId, String framedIp) {
        List<Attribute<?>> attributes = new ArrayList<>();
        attributes.add(new UserName(new TextData(userName)));
        attributes.add(new AcctSessionId(new TextData(acctSessionId)));
        try {
            if (framedIp != null && !framedIp.isBlank()) {
                attributes.add(new FramedIpAddress(new Ipv4AddrData((Inet4Address) InetAddress.getByName(framedIp))));
            }
            byte[] bytes = codec.encodeRequest(new Packet(DISCONNECT_REQUEST, attributes), secret, new byte[16]);
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(bytes);
            md5.update(secret);
            byte[] authenticator = md5.digest();
            System.arraycopy(authenticator, 0, bytes, 4, 16);
            try (DatagramSocket socket = new DatagramSocket()) {
                socket.setSoTimeout((int) settings.disconnectTimeout().toMillis());
                socket.send(new DatagramPacket(bytes, bytes.length,
                        new InetSocketAddress(nasAddress, settings.disconnectPort())));
                byte[] buffer = new byte[4096];
                DatagramPacket answer = new DatagramPacket(buffer, buffer.length);
                socket.receive(answer);
                byte[] response = Arrays.copyOf(buffer, answer.getLength());
                if (response.length < 20 || response[1] != bytes[1]) {
                    return false;
                }
                Packet decoded = codec.decodeResponse(response, secret, authenticator);
                return decoded.getCode() == DISCONNECT_ACK;
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException | PacketCodecException | NoSuchAlgorithmException e) {
            return false;
        }
    }
}
