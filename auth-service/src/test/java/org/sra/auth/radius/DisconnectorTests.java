package org.sra.auth.radius;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.aaa4j.radius.core.attribute.Attribute;
import org.aaa4j.radius.core.attribute.EnumData;
import org.aaa4j.radius.core.attribute.StringData;
import org.aaa4j.radius.core.attribute.attributes.AcctSessionId;
import org.aaa4j.radius.core.attribute.attributes.ErrorCause;
import org.aaa4j.radius.core.attribute.attributes.MessageAuthenticator;
import org.aaa4j.radius.core.attribute.attributes.UserName;
import org.aaa4j.radius.core.dictionary.dictionaries.StandardDictionary;
import org.aaa4j.radius.core.packet.Packet;
import org.aaa4j.radius.core.packet.PacketCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.sra.auth.radius.Disconnector.Outcome;

/**
 * RFC 5176 against a NAS stand-in on real UDP sockets (127.0.0.21, a free port; a second socket
 * on another port and one on 127.0.0.22 play the forgers): the Disconnect-Request carries a
 * Message-Authenticator that verifies, and only an answer from the address and port the request
 * went to, with its identifier and authenticators that verify, counts. Every forged answer is
 * sent well inside the timeout (the stand-in records it), so NO_ANSWER means it was seen and
 * ignored, which the log also says — without the secret.
 */
class DisconnectorTests {

    static final String NAS = "127.0.0.21";
    static final String OTHER_ADDRESS = "127.0.0.22";
    static final String SECRET = "coa-s3cret-0123456789";
    static final byte[] KEY = SECRET.getBytes(StandardCharsets.UTF_8);

    final PacketCodec codec = new PacketCodec(new StandardDictionary());
    NasStandIn nas;
    Disconnector disconnector;
    ListAppender<ILoggingEvent> logged;
    Logger disconnectorLog;

    @BeforeEach
    void setUp() throws Exception {
        nas = new NasStandIn();
        disconnector = new Disconnector(new RadiusSettings(true, 0, 0, "127.0.0.1", 65536, Duration.ofSeconds(5),
                nas.port(), Duration.ofMillis(800)));
        disconnectorLog = (Logger) LoggerFactory.getLogger(Disconnector.class);
        logged = new ListAppender<>();
        logged.start();
        disconnectorLog.addAppender(logged);
    }

    @AfterEach
    void tearDown() {
        disconnectorLog.detachAppender(logged);
        nas.close();
    }

    Outcome disconnect() {
        return disconnector.send(NAS, KEY, "taro", "acct-42", "10.1.2.3");
    }

    /** An answer as the NAS builds it: code, identifier and authenticators from the request, signed with {@code key}. */
    byte[] answer(int code, byte[] request, byte[] key, Attribute<?>... attributes) throws Exception {
        return codec.encodeResponse(new Packet(code, List.of(attributes)), key, request[1] & 0xff,
                Arrays.copyOfRange(request, 4, 20));
    }

    List<String> warnings() {
        return logged.list.stream().filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void theRequestCarriesAMessageAuthenticatorFirstAndAValidAckFromTheNasCounts() throws Exception {
        nas.answers(request -> List.of(new Reply(nas.main, answer(41, request, KEY))));

        assertThat(disconnect()).isEqualTo(Outcome.ACKNOWLEDGED);

        byte[] request = nas.requests.getFirst();
        assertThat(request[0] & 0xff).isEqualTo(40);
        assertThat(request[20] & 0xff).as("Message-Authenticator is the first attribute").isEqualTo(80);
        assertThat(request[21] & 0xff).isEqualTo(18);
        assertThat(NasStandIn.requestAuthenticatorVerifies(request)).isTrue();
        Packet decoded = NasStandIn.decodeWithZeroAuthenticator(request); // checks the Message-Authenticator's HMAC
        assertThat(decoded.getAttribute(MessageAuthenticator.class)).isPresent();
        assertThat(decoded.getAttribute(UserName.class).orElseThrow().getData().getValue()).isEqualTo("taro");
        assertThat(decoded.getAttribute(AcctSessionId.class).orElseThrow().getData().getValue()).isEqualTo("acct-42");
        assertThat(warnings()).isEmpty();
    }

    @Test
    void aValidNakIsARefusalAndAnAckWithAValidMessageAuthenticatorCounts() throws Exception {
        nas.answers(request -> List.of(new Reply(nas.main, answer(42, request, KEY,
                new ErrorCause(new EnumData(503))))));
        assertThat(disconnect()).isEqualTo(Outcome.REFUSED);

        nas.answers(request -> List.of(new Reply(nas.main, answer(41, request, KEY,
                new MessageAuthenticator(new StringData(new byte[16]))))));
        assertThat(disconnect()).isEqualTo(Outcome.ACKNOWLEDGED);
    }

    @Test
    void anAckFromAnotherPortOfTheNasAddressIsIgnored() throws Exception {
        nas.answers(request -> List.of(new Reply(nas.otherPort, answer(41, request, KEY))));

        assertThat(disconnect()).isEqualTo(Outcome.NO_ANSWER);
        assertThat(nas.sent).hasSize(1);
        assertThat(warnings()).singleElement().asString().contains("Ignored a datagram from /" + NAS + ":"
                + nas.otherPort.getLocalPort()).contains("does not come from the address and port");
    }

    @Test
    void anAckFromAnotherAddressOnTheNasPortIsIgnored() throws Exception {
        nas.answers(request -> List.of(new Reply(nas.otherAddress, answer(41, request, KEY))));

        assertThat(disconnect()).isEqualTo(Outcome.NO_ANSWER);
        assertThat(nas.sent).hasSize(1);
        assertThat(warnings()).singleElement().asString().contains("Ignored a datagram from /" + OTHER_ADDRESS + ":"
                + nas.port());
    }

    @Test
    void anAckSignedWithAnotherSecretOrForAnotherIdentifierIsIgnored() throws Exception {
        byte[] wrongKey = "not-the-secret-at-all".getBytes(StandardCharsets.UTF_8);
        nas.answers(request -> {
            byte[] otherId = answer(41, request, KEY);
            otherId[1] = (byte) (request[1] + 1);
            // the identifier is covered by the authenticator: sign again for the changed one
            resign(otherId, request);
            return List.of(new Reply(nas.main, answer(41, request, wrongKey)), new Reply(nas.main, otherId));
        });

        assertThat(disconnect()).isEqualTo(Outcome.NO_ANSWER);
        assertThat(nas.sent).hasSize(2);
        assertThat(warnings()).hasSize(2);
        assertThat(warnings().get(0)).contains("does not verify with the NAS's shared secret");
        assertThat(warnings().get(1)).contains("is not the request's");
        assertThat(String.join("\n", warnings())).doesNotContain(SECRET);
    }

    @Test
    void anAckWhoseMessageAuthenticatorDoesNotVerifyIsIgnoredThoughItsResponseAuthenticatorDoes() throws Exception {
        byte[] wrongKey = "not-the-secret-at-all".getBytes(StandardCharsets.UTF_8);
        nas.answers(request -> {
            byte[] ack = answer(41, request, wrongKey, new MessageAuthenticator(new StringData(new byte[16])));
            resign(ack, request); // right Response Authenticator over a Message-Authenticator made with another key
            return List.of(new Reply(nas.main, ack));
        });

        assertThat(disconnect()).isEqualTo(Outcome.NO_ANSWER);
        assertThat(nas.sent).hasSize(1);
        assertThat(warnings()).singleElement().asString().contains("message authenticator");
    }

    @Test
    void aForgedAckDoesNotEndTheWaitForTheNasOwnAnswer() throws Exception {
        nas.answers(request -> List.of(new Reply(nas.otherPort, answer(41, request, KEY)),
                new Reply(nas.otherAddress, answer(41, request, KEY)),
                new Reply(nas.main, answer(42, request, KEY))));

        assertThat(disconnect()).isEqualTo(Outcome.REFUSED);
        assertThat(nas.sent).hasSize(3);
        assertThat(warnings()).hasSize(2);
    }

    @Test
    void aSessionWithoutANasAddressSendsNothing() {
        assertThat(disconnector.send(null, KEY, "taro", "acct-42", null)).isEqualTo(Outcome.FAILED);
        assertThat(nas.requests).isEmpty();
    }

    /** The Response Authenticator over the packet as it is now, with the request's authenticator, and {@link #KEY}. */
    static void resign(byte[] response, byte[] request) throws Exception {
        System.arraycopy(request, 4, response, 4, 16);
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        md5.update(response);
        md5.update(KEY);
        System.arraycopy(md5.digest(), 0, response, 4, 16);
    }

    record Reply(DatagramSocket from, byte[] bytes) {
    }

    interface Answers {
        List<Reply> to(byte[] request) throws Exception;
    }

    /**
     * The NAS: its RFC 5176 socket ({@code main}), plus a socket on another port of its address and
     * one on another address with the same port. Every Disconnect-Request whose Request
     * Authenticator verifies is kept, and the scripted replies are sent to where it came from.
     */
    static final class NasStandIn implements AutoCloseable {

        final DatagramSocket main;
        final DatagramSocket otherPort;
        final DatagramSocket otherAddress;
        final List<byte[]> requests = new CopyOnWriteArrayList<>();
        final List<SocketAddress> sent = new CopyOnWriteArrayList<>();
        volatile Answers answers = request -> List.of();

        NasStandIn() throws Exception {
            DatagramSocket bound = null;
            DatagramSocket other = null;
            // a port free on both addresses
            for (int attempt = 0; other == null; attempt++) {
                bound = new DatagramSocket(new InetSocketAddress(NAS, 0));
                try {
                    other = new DatagramSocket(new InetSocketAddress(OTHER_ADDRESS, bound.getLocalPort()));
                } catch (BindException e) {
                    bound.close();
                    if (attempt > 20) {
                        throw e;
                    }
                }
            }
            main = bound;
            otherAddress = other;
            otherPort = new DatagramSocket(new InetSocketAddress(NAS, 0));
            Thread.ofPlatform().daemon().start(this::serve);
        }

        int port() {
            return main.getLocalPort();
        }

        void answers(Answers script) {
            answers = script;
        }

        private void serve() {
            byte[] buffer = new byte[4096];
            while (!main.isClosed()) {
                try {
                    DatagramPacket received = new DatagramPacket(buffer, buffer.length);
                    main.receive(received);
                    byte[] request = Arrays.copyOf(buffer, received.getLength());
                    if (!requestAuthenticatorVerifies(request)) {
                        continue;
                    }
                    requests.add(request);
                    for (Reply reply : answers.to(request)) {
                        reply.from().send(new DatagramPacket(reply.bytes(), reply.bytes().length,
                                received.getSocketAddress()));
                        sent.add(reply.from().getLocalSocketAddress());
                    }
                } catch (Exception e) {
                    if (main.isClosed()) {
                        return;
                    }
                }
            }
        }

        /** RFC 5176 §2.3: MD5 over the packet with a zero Request Authenticator, then the secret. */
        static boolean requestAuthenticatorVerifies(byte[] request) throws Exception {
            if (request.length < 20 || (request[0] & 0xff) != 40) {
                return false;
            }
            byte[] zeroed = request.clone();
            Arrays.fill(zeroed, 4, 20, (byte) 0);
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(zeroed);
            md5.update(KEY);
            return MessageDigest.isEqual(md5.digest(), Arrays.copyOfRange(request, 4, 20));
        }

        /** Decodes with the Request Authenticator zeroed, as the Message-Authenticator was computed: aaa4j checks its HMAC. */
        static Packet decodeWithZeroAuthenticator(byte[] request) throws Exception {
            byte[] zeroed = request.clone();
            Arrays.fill(zeroed, 4, 20, (byte) 0);
            return new PacketCodec(new StandardDictionary()).decodeRequest(zeroed, KEY);
        }

        @Override
        public void close() {
            main.close();
            otherPort.close();
            otherAddress.close();
        }
    }
}
