package org.sra.auth.radius;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.aaa4j.radius.core.attribute.Attribute;
import org.aaa4j.radius.core.attribute.Ipv4AddrData;
import org.aaa4j.radius.core.attribute.StringData;
import org.aaa4j.radius.core.attribute.TextData;
import org.aaa4j.radius.core.attribute.VsaData;
import org.aaa4j.radius.core.attribute.attributes.Class;
import org.aaa4j.radius.core.attribute.attributes.FramedIpAddress;
import org.aaa4j.radius.core.attribute.attributes.FramedIpNetmask;
import org.aaa4j.radius.core.attribute.attributes.MessageAuthenticator;
import org.aaa4j.radius.core.attribute.attributes.ProxyState;
import org.aaa4j.radius.core.attribute.attributes.ReplyMessage;
import org.aaa4j.radius.core.attribute.attributes.UserName;
import org.aaa4j.radius.core.attribute.attributes.UserPassword;
import org.aaa4j.radius.core.attribute.attributes.VendorSpecific;
import org.aaa4j.radius.core.packet.Packet;
import org.aaa4j.radius.core.packet.packets.AccessAccept;
import org.aaa4j.radius.core.packet.packets.AccessReject;
import org.springframework.stereotype.Component;
import org.sra.auth.authorization.AccessAnswer;
import org.sra.auth.authorization.AccessRequest;
import org.sra.auth.authorization.ConnectionAuthorizer;
import org.sra.auth.readmodel.NasClient;

/**
 * Access-Request (PAP) → decision → Access-Accept with the tenant's settings as attributes the
 * ASA understands, or Access-Reject with a Reply-Message. Message-Authenticator is the first
 * attribute of both (BlastRADIUS). The mapping is the table in the module README.
 */
@Component
class AccessRequestHandler implements RequestHandler {

    static final int ACCESS_REQUEST = 1;

    /** Cisco VPN 3000 / ASA vendor id and the attributes used (R-AUT-5). */
    static final int CISCO_ASA = 3076;
    static final int PRIMARY_DNS = 5;
    static final int SECONDARY_DNS = 6;
    static final int SPLIT_TUNNELING_POLICY = 55;
    static final int IE_PROXY_SERVER = 80;
    static final int IE_PROXY_SERVER_POLICY = 81;
    static final int IE_PROXY_EXCEPTION_LIST = 82;
    /** IE-Proxy-Server-Policy values. */
    static final int PROXY_NO_MODIFY = 1;
    static final int PROXY_NONE = 2;
    static final int PROXY_USE_CONCENTRATOR_SETTING = 4;
    /** Split-Tunneling-Policy values. */
    static final int TUNNEL_EVERYTHING = 0;
    static final int EXCLUDE_LOCAL_LAN = 2;

    private final ConnectionAuthorizer authorizer;
    private final Clock clock;

    AccessRequestHandler(ConnectionAuthorizer authorizer, Clock clock) {
        this.authorizer = authorizer;
        this.clock = clock;
    }

    @Override
    public String port() {
        return "auth";
    }

    @Override
    public int requestCode() {
        return ACCESS_REQUEST;
    }

    /** Message-Authenticator present and right (an Access-Request without one is dropped: BlastRADIUS). */
    @Override
    public PacketScreen.Verdict screen(byte[] packet, byte[] secret) {
        return PacketScreen.accessRequest(packet, secret);
    }

    @Override
    public Packet answer(NasClient nas, InetSocketAddress source, Packet request) {
        String userName = request.getAttribute(UserName.class).map(a -> a.getData().getValue()).orElse(null);
        String password = request.getAttribute(UserPassword.class).map(a -> password(a.getData().getValue())).orElse(null);
        AccessAnswer answer = authorizer.authorize(new AccessRequest(nas, userName, password,
                CiscoAvPairs.deviceIdentity(request), clock.instant(), "radius"));
        List<Attribute<?>> attributes = new ArrayList<>();
        attributes.add(messageAuthenticatorPlaceholder());
        if (!answer.accepted()) {
            attributes.add(new ReplyMessage(new TextData(answer.replyMessage())));
            attributes.addAll(request.getAttributes(ProxyState.class));
            return new AccessReject(attributes);
        }
        attributes.addAll(acceptAttributes(answer.settings()));
        attributes.addAll(request.getAttributes(ProxyState.class));
        return new AccessAccept(attributes);
    }

    static List<Attribute<?>> acceptAttributes(AccessAnswer.Settings s) {
        List<Attribute<?>> attributes = new ArrayList<>();
        attributes.add(new FramedIpAddress(new Ipv4AddrData(ipv4(s.framedIp()))));
        attributes.add(new FramedIpNetmask(new Ipv4AddrData(ipv4(s.netmask()))));
        if (s.primaryDns() != null) {
            attributes.add(asa(PRIMARY_DNS, ipv4(s.primaryDns()).getAddress()));
        }
        if (s.secondaryDns() != null) {
            attributes.add(asa(SECONDARY_DNS, ipv4(s.secondaryDns()).getAddress()));
        }
        switch (s.proxyMode()) {
            case CLIENT_SETTINGS -> attributes.add(asa(IE_PROXY_SERVER_POLICY, integer(PROXY_NO_MODIFY)));
            case DENY -> attributes.add(asa(IE_PROXY_SERVER_POLICY, integer(PROXY_NONE)));
            case MANAGEMENT -> {
                attributes.add(asa(IE_PROXY_SERVER_POLICY, integer(PROXY_USE_CONCENTRATOR_SETTING)));
                if (s.proxyServer() != null) {
                    attributes.add(asa(IE_PROXY_SERVER, text(s.proxyServer())));
                }
                if (!s.proxyExceptions().isEmpty()) {
                    attributes.add(asa(IE_PROXY_EXCEPTION_LIST, text(String.join(";", s.proxyExceptions()))));
                }
            }
            case UNSELECTED -> { }
        }
        attributes.add(asa(SPLIT_TUNNELING_POLICY, integer(s.localLanAllowed() ? EXCLUDE_LOCAL_LAN : TUNNEL_EVERYTHING)));
        attributes.add(new Class(new StringData(text("OU=" + s.groupPolicy() + ";"))));
        return attributes;
    }

    /** Message-Authenticator first in every Access-Accept and Access-Reject (BlastRADIUS); the codec fills in its value. */
    private static MessageAuthenticator messageAuthenticatorPlaceholder() {
        return new MessageAuthenticator(new StringData(new byte[16]));
    }

    /** PAP passwords arrive padded with NULs to 16 bytes (RFC 2865 §5.2). */
    private static String password(byte[] decoded) {
        int end = decoded.length;
        while (end > 0 && decoded[end - 1] == 0) {
            end--;
        }
        return new String(decoded, 0, end, StandardCharsets.UTF_8);
    }

    private static VendorSpecific asa(int type, byte[] value) {
        return new VendorSpecific(new VsaData(CISCO_ASA, type, value));
    }

    private static byte[] integer(int value) {
        return new IntegerDataBytes(value).bytes();
    }

    private static byte[] text(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static Inet4Address ipv4(String address) {
        try {
            return (Inet4Address) InetAddress.getByName(address);
        } catch (UnknownHostException | ClassCastException e) {
            throw new IllegalArgumentException("not an IPv4 address: " + address, e);
        }
    }

    /** RADIUS integer: 4 octets, network order. */
    private record IntegerDataBytes(int value) {
        byte[] bytes() {
            return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
        }
    }
}
