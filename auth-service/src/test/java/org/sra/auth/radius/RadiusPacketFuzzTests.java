package org.sra.auth.radius;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.aaa4j.radius.core.attribute.Attribute;
import org.aaa4j.radius.core.attribute.EnumData;
import org.aaa4j.radius.core.attribute.Ipv4AddrData;
import org.aaa4j.radius.core.attribute.StringData;
import org.aaa4j.radius.core.attribute.TextData;
import org.aaa4j.radius.core.attribute.VsaData;
import org.aaa4j.radius.core.attribute.attributes.AcctSessionId;
import org.aaa4j.radius.core.attribute.attributes.AcctStatusType;
import org.aaa4j.radius.core.attribute.attributes.CallingStationId;
import org.aaa4j.radius.core.attribute.attributes.FramedIpAddress;
import org.aaa4j.radius.core.attribute.attributes.MessageAuthenticator;
import org.aaa4j.radius.core.attribute.attributes.NasIpAddress;
import org.aaa4j.radius.core.attribute.attributes.ProxyState;
import org.aaa4j.radius.core.attribute.attributes.ReplyMessage;
import org.aaa4j.radius.core.attribute.attributes.UserName;
import org.aaa4j.radius.core.attribute.attributes.UserPassword;
import org.aaa4j.radius.core.attribute.attributes.VendorSpecific;
import org.aaa4j.radius.core.dictionary.dictionaries.StandardDictionary;
import org.aaa4j.radius.core.packet.Packet;
import org.aaa4j.radius.core.packet.PacketCodec;
import org.aaa4j.radius.core.packet.PacketCodecException;
import org.aaa4j.radius.core.packet.packets.AccessRequest;
import org.aaa4j.radius.core.packet.packets.AccountingRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sra.auth.authorization.AccessAnswer;
import org.sra.auth.authorization.ConnectionAuthorizer;
import org.sra.auth.decision.DeviceIdentity;
import org.sra.auth.decision.RejectReason;
import org.sra.auth.readmodel.NasClient;
import org.sra.auth.session.Sessions;
import org.sra.events.profile.ProxyMode;
import org.sra.fixtures.fuzz.Fuzz;
import org.sra.fixtures.fuzz.Mutations;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Fuzzes the RADIUS packet path in the JVM, as {@link RadiusServer} runs it for a datagram: the
 * screen on the receiving thread ({@link RadiusServer#screen}: NAS client, code, {@link PacketScreen}),
 * then the worker ({@link RadiusServer#handle}: the aaa4j decode, the retransmission cache, the
 * real {@link AccessRequestHandler} or {@link AccountingHandler} with their attribute handling —
 * User-Name, User-Password, Cisco-AVPair device identity, Proxy-State — and the encoded answer).
 * Only the decision ({@link ConnectionAuthorizer}) and the session store ({@link Sessions}) are
 * stand-ins. Every datagram must end as an answer that decodes as the right response, or as a
 * drop counted by reason — never as an exception, a hang or an {@link DropReason#INTERNAL_ERROR}.
 */
class RadiusPacketFuzzTests {

    static final byte[] SECRET = "fuzz-Secret-0123".getBytes(StandardCharsets.UTF_8);
    static final InetAddress NAS_ADDRESS = address("127.0.0.2");
    static final InetAddress STRANGER = address("127.0.0.9");
    static final NasClient NAS = new NasClient("nas-1", "tenant-1", "ASA", SECRET);
    static final Duration CAP = Duration.ofSeconds(5);

    final PacketCodec codec = new PacketCodec(new StandardDictionary());
    SimpleMeterRegistry meters;
    RadiusServer server;
    AccessRequestHandler access;
    AccountingHandler accounting;
    final AtomicReference<org.sra.auth.authorization.AccessRequest> decided = new AtomicReference<>();
    int port = 20_000;

    @BeforeEach
    void server() {
        meters = new SimpleMeterRegistry();
        ConnectionAuthorizer authorizer = mock(ConnectionAuthorizer.class);
        when(authorizer.authorize(any())).thenAnswer(call -> {
            org.sra.auth.authorization.AccessRequest request = call.getArgument(0);
            decided.set(request);
            // accept users whose name starts with "ok", reject the others: both answers are encoded
            return request.userName() != null && request.userName().startsWith("ok") ? accept()
                    : new AccessAnswer(false, RejectReason.BAD_PASSWORD, "REJECTED", "接続できません。", null);
        });
        access = new AccessRequestHandler(authorizer, Clock.systemUTC());
        accounting = new AccountingHandler(mock(Sessions.class));
        RadiusSettings settings = new RadiusSettings(true, 0, 0, "127.0.0.1", 65536, Duration.ofSeconds(5), 0,
                Duration.ofSeconds(2));
        server = new RadiusServer(settings,
                source -> source.equals(NAS_ADDRESS) ? Optional.of(NAS) : Optional.empty(), access, accounting, meters);
    }

    static AccessAnswer accept() {
        return new AccessAnswer(true, null, null, null, new AccessAnswer.Settings("10.8.0.5", "255.255.255.0",
                "10.0.0.53", null, ProxyMode.MANAGEMENT, "proxy.example:8080", List.of("*.example", "10.*"),
                true, "GP-Fuzz", "device-1"));
    }

    @Test
    void arbitraryBytesAreDroppedAndCountedNeverAnsweredOrThrown() {
        Fuzz.check("radius arbitrary bytes", 20_000, CAP, random -> {
            byte[] bytes = Mutations.randomBytes(random, 4096);
            if (bytes.length >= 20 && random.nextBoolean()) {
                bytes[0] = (byte) (random.nextBoolean() ? 1 : 4);
                if (random.nextBoolean()) {
                    bytes[2] = (byte) (bytes.length >>> 8);
                    bytes[3] = (byte) bytes.length;
                }
            }
            return bytes;
        }, bytes -> {
            for (RequestHandler handler : List.of(access, accounting)) {
                double before = dropped(null);
                byte[] answer = datagram(handler, NAS_ADDRESS, bytes);
                assertThat(answer).as("a forged datagram is never answered").isNull();
                assertThat(dropped(null)).as("every refusal is one counted drop").isEqualTo(before + 1);
            }
            assertThat(dropped(DropReason.INTERNAL_ERROR)).isZero();
        });
    }

    @Test
    void mutatedPacketsAreAnsweredRightOrDroppedNeverCrash() {
        List<byte[]> seeds = new ArrayList<>();
        Random seedRandom = new Random(1);
        for (int i = 0; i < 20; i++) {
            seeds.add(accessRequest(seedRandom).bytes());
            seeds.add(accountingRequest(seedRandom).bytes());
        }
        List<byte[]> dictionary = List.of(new byte[] {80, 18}, new byte[] {26, 6, 0, 0, 0, 9}, new byte[] {1, 2},
                new byte[] {2, 18}, new byte[] {26, 2}, new byte[] {33, 3, 0}, new byte[] {0, 0},
                "mdm-tlv=device-mac=".getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0xff, (byte) 0xfe});
        int[] answered = new int[1];
        Fuzz.Summary summary = Fuzz.check("radius mutated packets", 30_000, CAP, random -> {
            byte[] seed = seeds.get(random.nextInt(seeds.size()));
            byte[] mutated = Mutations.mutate(random, seed, 4, dictionary, seeds);
            if (random.nextInt(10) < 7) {
                resign(mutated, random.nextBoolean());
            }
            return mutated;
        }, bytes -> {
            RequestHandler handler = bytes.length > 0 && bytes[0] == AccountingHandler.ACCOUNTING_REQUEST
                    ? accounting : access;
            double before = dropped(null);
            byte[] answer = datagram(handler, NAS_ADDRESS, bytes);
            if (answer == null) {
                assertThat(dropped(null)).as("a packet not answered is one counted drop").isEqualTo(before + 1);
            } else {
                assertAnswers(handler, bytes, answer);
                answered[0]++;
            }
            assertThat(dropped(DropReason.INTERNAL_ERROR)).as("no packet makes the handler fail").isZero();
        });
        System.out.printf("radius mutated packets: %d answered; dropped %s%n", answered[0],
                Arrays.stream(DropReason.values()).map(r -> r + "=" + (long) dropped(r)).toList());
        // the mutations must reach the decoder and the handlers, not only the screen
        assertThat(answered[0]).isGreaterThan(summary.tries() / 20);
        assertThat(dropped(DropReason.MALFORMED)).isGreaterThan(summary.tries() / 20);
    }

    @Test
    void validPacketsRoundTripThroughTheAttributeHandling() {
        Fuzz.check("radius valid packets", 5_000, CAP, random -> random.nextInt(3) == 0
                ? accountingRequest(random) : accessRequest(random), generated -> {
            decided.set(null);
            RequestHandler handler = generated.bytes()[0] == AccountingHandler.ACCOUNTING_REQUEST ? accounting : access;
            byte[] answer = datagram(handler, NAS_ADDRESS, generated.bytes());
            assertThat(answer).as("a valid request is answered").isNotNull();
            Packet response = assertAnswers(handler, generated.bytes(), answer);
            if (handler == access) {
                org.sra.auth.authorization.AccessRequest request = decided.get();
                assertThat(request.userName()).isEqualTo(generated.userName());
                assertThat(request.password()).isEqualTo(generated.password());
                assertThat(request.device()).isEqualTo(generated.device());
                assertThat(request.nas()).isEqualTo(NAS);
                assertThat(response.getCode()).isEqualTo(generated.userName().startsWith("ok") ? 2 : 3);
            }
            // the same datagram again is a retransmission: the same answer, no second decision
            decided.set(null);
            assertThat(datagram(handler, NAS_ADDRESS, generated.bytes(), port)).isEqualTo(answer);
            assertThat(decided.get()).isNull();
            // from an address that is no NAS client: dropped
            assertThat(datagram(handler, STRANGER, generated.bytes())).isNull();
        });
        assertThat(dropped(DropReason.UNKNOWN_CLIENT)).isPositive();
        assertThat(dropped(DropReason.INTERNAL_ERROR)).isZero();
    }

    /**
     * Found by the fuzzer: aaa4j throws IllegalArgumentException, not PacketCodecException, for a
     * Vendor-Specific whose vendor id has its top octet set; it escaped the worker (no answer, no
     * counted drop, a stack trace per packet). Such a packet is now dropped as malformed.
     */
    @Test
    void regressionAVendorIdWithItsTopOctetSetIsDroppedAsMalformed() throws Exception {
        byte[] packet = codec.encodeRequest(new AccessRequest(List.of(
                new MessageAuthenticator(new StringData(new byte[16])), new UserName(new TextData("taro")),
                ciscoAvPair("mdm-tlv=device-uid=ABC"))), SECRET, new byte[16]);
        int vsa = 20;
        while ((packet[vsa] & 0xff) != 26) {
            vsa += packet[vsa + 1] & 0xff;
        }
        packet[vsa + 2] = 0x10; // vendor id 0x10000009
        resign(packet, false);
        Fuzz.replay(packet, bytes -> {
            assertThat(datagram(access, NAS_ADDRESS, bytes)).isNull();
            assertThat(dropped(DropReason.MALFORMED)).isEqualTo(1);
        });
        assertThat(dropped(DropReason.INTERNAL_ERROR)).isZero();
    }

    /** The response decodes with the secret and the request's authenticator, and is the right one. */
    private Packet assertAnswers(RequestHandler handler, byte[] request, byte[] answer) throws PacketCodecException {
        Packet decodedRequest = codec.decodeRequest(request.clone(), SECRET);
        Packet response = codec.decodeResponse(answer.clone(), SECRET, Arrays.copyOfRange(request, 4, 20));
        assertThat(answer[1]).as("identifier").isEqualTo(request[1]);
        if (handler == access) {
            assertThat(response.getCode()).isIn(2, 3);
            assertThat(response.getAttributes().getFirst()).isInstanceOf(MessageAuthenticator.class);
            if (response.getCode() == 3) {
                assertThat(response.getAttribute(ReplyMessage.class)).isPresent();
            }
        } else {
            assertThat(response.getCode()).isEqualTo(5);
        }
        assertThat(response.getAttributes(ProxyState.class).stream().map(p -> p.getData().getValue()).toList())
                .as("Proxy-State echoed in order")
                .containsExactlyElementsOf(decodedRequest.getAttributes(ProxyState.class).stream()
                        .map(p -> p.getData().getValue()).toList());
        return response;
    }

    private byte[] datagram(RequestHandler handler, InetAddress from, byte[] bytes) {
        // a new source port each time, so that no try is taken for a retransmission of an earlier
        // one (same source, identifier and authenticator); when the ports run out, new caches
        if (port >= 65_000) {
            port = 1024;
            authCache = new RetransmissionCache(Duration.ofSeconds(5));
            acctCache = new RetransmissionCache(Duration.ofSeconds(5));
        }
        return datagram(handler, from, bytes, ++port);
    }

    /** What the listener does with one datagram: screen, then (if admitted) the worker's handling. */
    private byte[] datagram(RequestHandler handler, InetAddress from, byte[] bytes, int sourcePort) {
        InetSocketAddress source = new InetSocketAddress(from, sourcePort);
        NasClient nas = server.screen(handler, source, bytes);
        return nas == null ? null : server.handle(handler, handler == access ? authCache() : acctCache(), source,
                bytes, nas);
    }

    private RetransmissionCache authCache = new RetransmissionCache(Duration.ofSeconds(5));
    private RetransmissionCache acctCache = new RetransmissionCache(Duration.ofSeconds(5));

    private RetransmissionCache authCache() {
        return authCache;
    }

    private RetransmissionCache acctCache() {
        return acctCache;
    }

    /** Drops counted so far, of one reason or (null) of all. */
    private double dropped(DropReason reason) {
        return meters.find("sra.radius.dropped").counters().stream()
                .filter(c -> reason == null || reason.name().equals(c.getId().getTag("reason")))
                .mapToDouble(Counter::count).sum();
    }

    /** A generated request and what it says. */
    record Generated(byte[] bytes, String userName, String password, DeviceIdentity device) {
    }

    /** A signed Access-Request as AnyConnect through an ASA sends it, with random values. */
    private Generated accessRequest(Random random) {
        String userName = (random.nextInt(3) == 0 ? "ok" : "") + text(random, 1 + random.nextInt(40));
        String password = text(random, 1 + random.nextInt(40));
        while (password.getBytes(StandardCharsets.UTF_8).length > 128) {
            password = password.substring(0, password.length() / 2);
        }
        List<Attribute<?>> attributes = new ArrayList<>();
        if (random.nextBoolean()) {
            attributes.add(new MessageAuthenticator(new StringData(new byte[16])));
        }
        attributes.add(new UserName(new TextData(userName)));
        attributes.add(new UserPassword(new StringData(password.getBytes(StandardCharsets.UTF_8))));
        attributes.add(new NasIpAddress(new Ipv4AddrData((Inet4Address) NAS_ADDRESS)));
        attributes.add(new CallingStationId(new TextData(random.nextBoolean() ? "203.0.113." + random.nextInt(256)
                : text(random, 1 + random.nextInt(30)))));
        String uid = random.nextBoolean() ? null : text(random, 1 + random.nextInt(40)).strip();
        if (uid != null && uid.isEmpty()) {
            uid = null;
        }
        List<String> macs = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            macs.add(String.format("%02x-%02x-%02x-%02x-%02x-%02x", random.nextInt(256), random.nextInt(256),
                    random.nextInt(256), random.nextInt(256), random.nextInt(256), random.nextInt(256)));
        }
        String platform = random.nextBoolean() ? null : List.of("win", "mac-intel", "apple-ios", "android", "linux-64")
                .get(random.nextInt(5));
        List<Attribute<?>> avPairs = new ArrayList<>();
        if (uid != null) {
            avPairs.add(ciscoAvPair("mdm-tlv=device-uid=" + uid));
        }
        macs.forEach(mac -> avPairs.add(ciscoAvPair("mdm-tlv=device-mac=" + mac)));
        if (platform != null) {
            avPairs.add(ciscoAvPair("mdm-tlv=device-platform=" + platform));
        }
        // other vendor attributes anywhere between them
        if (random.nextBoolean()) {
            avPairs.add(random.nextInt(avPairs.size() + 1),
                    ciscoAvPair("audit-session-id=" + text(random, 1 + random.nextInt(20))));
        }
        if (random.nextBoolean()) {
            avPairs.add(random.nextInt(avPairs.size() + 1),
                    new VendorSpecific(new VsaData(3076, 146, text(random, 5).getBytes(StandardCharsets.UTF_8))));
        }
        attributes.addAll(avPairs);
        for (int i = random.nextInt(3); i > 0; i--) {
            byte[] state = new byte[1 + random.nextInt(30)];
            random.nextBytes(state);
            attributes.add(new ProxyState(new StringData(state)));
        }
        if (attributes.getFirst() instanceof UserName) {
            attributes.add(new MessageAuthenticator(new StringData(new byte[16])));
        }
        byte[] authenticator = new byte[16];
        random.nextBytes(authenticator);
        try {
            byte[] bytes = codec.encodeRequest(new AccessRequest(attributes), SECRET, authenticator);
            bytes[1] = (byte) random.nextInt(256);
            resign(bytes, false);
            return new Generated(bytes, userName, password, new DeviceIdentity(uid, macs, platform));
        } catch (PacketCodecException e) {
            throw new IllegalStateException(e);
        }
    }

    private Generated accountingRequest(Random random) {
        List<Attribute<?>> attributes = new ArrayList<>();
        attributes.add(new AcctStatusType(new EnumData(1 + random.nextInt(8))));
        if (random.nextInt(5) > 0) {
            attributes.add(new AcctSessionId(new TextData(text(random, 1 + random.nextInt(30)))));
        }
        attributes.add(new UserName(new TextData("u" + text(random, random.nextInt(20)))));
        if (random.nextBoolean()) {
            attributes.add(new FramedIpAddress(new Ipv4AddrData((Inet4Address) address("10.8.0."
                    + random.nextInt(256)))));
        }
        for (int i = random.nextInt(2); i > 0; i--) {
            attributes.add(new ProxyState(new StringData(new byte[] {(byte) random.nextInt(256)})));
        }
        try {
            byte[] bytes = codec.encodeRequest(new AccountingRequest(attributes), SECRET, new byte[16]);
            bytes[1] = (byte) random.nextInt(256);
            resign(bytes, false);
            return new Generated(bytes, null, null, DeviceIdentity.NONE);
        } catch (PacketCodecException e) {
            throw new IllegalStateException(e);
        }
    }

    private static VendorSpecific ciscoAvPair(String value) {
        return new VendorSpecific(new VsaData(CiscoAvPairs.CISCO, CiscoAvPairs.AV_PAIR,
                value.getBytes(StandardCharsets.UTF_8)));
    }

    /** Text of letters, digits, Japanese, symbols and spaces (no NUL, no lone surrogate), valid UTF-8. */
    static String text(Random random, int length) {
        String pool = "abcxyzABC019 -_.@:=;/\\\"'鈴木たろうテスト①ｱ\u00e9\u202e\t";
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(pool.charAt(random.nextInt(pool.length())));
        }
        return out.toString();
    }

    /**
     * Signs a (mutated) packet again with the secret, so that it passes the screen and reaches the
     * decoder and the handlers: the Accounting-Request authenticator, or the Message-Authenticator
     * of an Access-Request (found by walking the attributes as declared; none found, nothing done).
     */
    static void resign(byte[] packet, boolean fixLength) {
        if (packet.length < 20) {
            return;
        }
        if (fixLength) {
            packet[2] = (byte) (packet.length >>> 8);
            packet[3] = (byte) packet.length;
        }
        int length = ((packet[2] & 0xff) << 8) | (packet[3] & 0xff);
        if (length < 20 || length > packet.length) {
            return;
        }
        try {
            if (packet[0] == AccountingHandler.ACCOUNTING_REQUEST) {
                byte[] copy = Arrays.copyOf(packet, length);
                Arrays.fill(copy, 4, 20, (byte) 0);
                MessageDigest md5 = MessageDigest.getInstance("MD5");
                md5.update(copy);
                md5.update(SECRET);
                System.arraycopy(md5.digest(), 0, packet, 4, 16);
                return;
            }
            int position = 20;
            while (position + 2 <= length) {
                int type = packet[position] & 0xff;
                int attributeLength = packet[position + 1] & 0xff;
                if (attributeLength < 2 || position + attributeLength > length) {
                    return;
                }
                if (type == PacketScreen.MESSAGE_AUTHENTICATOR && attributeLength == 18) {
                    byte[] copy = Arrays.copyOf(packet, length);
                    Arrays.fill(copy, position + 2, position + 18, (byte) 0);
                    Mac mac = Mac.getInstance("HmacMD5");
                    mac.init(new SecretKeySpec(SECRET, "HmacMD5"));
                    System.arraycopy(mac.doFinal(copy), 0, packet, position + 2, 16);
                    return;
                }
                position += attributeLength;
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
