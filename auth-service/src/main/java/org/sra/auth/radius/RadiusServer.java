package org.sra.auth.radius;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.aaa4j.radius.core.attribute.StringData;
import org.aaa4j.radius.core.attribute.attributes.MessageAuthenticator;
import org.aaa4j.radius.core.dictionary.dictionaries.StandardDictionary;
import org.aaa4j.radius.core.packet.Packet;
import org.aaa4j.radius.core.packet.PacketCodec;
import org.aaa4j.radius.core.packet.PacketCodecException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.sra.auth.readmodel.NasClient;
import org.sra.auth.readmodel.ReadModel;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The RADIUS front door: for every datagram, find the NAS client by source address (its
 * tenant and secret), check the packet against the secret, answer retransmissions from the
 * cache, and only then hand it to the access or accounting handler. Anything that fails a check
 * is dropped without an answer and counted by reason (R-AUT-1).
 */
@Component
public class RadiusServer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RadiusServer.class);
    static final int ACCESS_REQUEST = 1;
    static final int ACCOUNTING_REQUEST = 4;

    private final RadiusSettings settings;
    private final ReadModel model;
    private final AccessRequests access;
    private final AccountingRequests accounting;
    private final MeterRegistry meters;
    private final PacketCodec codec = new PacketCodec(new StandardDictionary());
    private final RetransmissionCache authCache;
    private final RetransmissionCache acctCache;
    private final Map<String, Counter> dropCounters = new ConcurrentHashMap<>();
    private final Counter retransmissions;
    private ExecutorService workers;
    private UdpListener authListener;
    private UdpListener acctListener;

    RadiusServer(RadiusSettings settings, ReadModel model, AccessRequests access, AccountingRequests accounting,
                 MeterRegistry meters) {
        this.settings = settings;
        this.model = model;
        this.access = access;
        this.accounting = accounting;
        this.meters = meters;
        this.authCache = new RetransmissionCache(settings.duplicateWindow());
        this.acctCache = new RetransmissionCache(settings.duplicateWindow());
        this.retransmissions = Counter.builder("sra.radius.retransmissions")
                .description("retransmitted requests answered from the cache").register(meters);
        meters.gauge("sra.radius.cache.size", authCache, RetransmissionCache::size);
    }

    @Override
    public synchronized void start() {
        if (!settings.enabled() || workers != null) {
            return;
        }
        workers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("radius-", 0).factory());
        try {
            authListener = new UdpListener("auth", new InetSocketAddress(settings.bindAddress(), settings.authPort()),
                    settings.receiveBuffer(), (source, packet) -> screen("auth", source, packet),
                    (source, packet) -> handle("auth", source, packet), workers);
            acctListener = new UdpListener("acct", new InetSocketAddress(settings.bindAddress(), settings.acctPort()),
                    settings.receiveBuffer(), (source, packet) -> screen("acct", source, packet),
                    (source, packet) -> handle("acct", source, packet), workers);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the RADIUS ports", e);
        }
        authListener.start();
        acctListener.start();
    }

    @Override
    public synchronized void stop() {
        if (workers == null) {
            return;
        }
        authListener.close();
        acctListener.close();
        workers.shutdown();
        workers = null;
    }

    @Override
    public boolean isRunning() {
        return workers != null;
    }

    /** The bound ports, for tests that listen on any free port. */
    public int authPort() {
        return authListener.localAddress().getPort();
    }

    public int acctPort() {
        return acctListener.localAddress().getPort();
    }

    /** The cheap checks, on the receiving thread (see {@link PacketScreen}). */
    private boolean screen(String port, InetSocketAddress source, byte[] bytes) {
        Optional<NasClient> nas = model.nasClient(source.getAddress());
        if (nas.isEmpty()) {
            drop(port, DropReason.UNKNOWN_CLIENT, source);
            return false;
        }
        boolean auth = port.equals("auth");
        if (bytes.length < 20 || (bytes[0] & 0xff) != (auth ? ACCESS_REQUEST : ACCOUNTING_REQUEST)) {
            drop(port, DropReason.MALFORMED, source);
            return false;
        }
        PacketScreen.Verdict verdict = auth ? PacketScreen.accessRequest(bytes, nas.get().secret())
                : PacketScreen.accountingRequest(bytes, nas.get().secret());
        switch (verdict) {
            case PASS -> {
                return true;
            }
            case MALFORMED -> drop(port, DropReason.MALFORMED, source);
            case MISSING_MESSAGE_AUTHENTICATOR -> drop(port, DropReason.MISSING_MESSAGE_AUTHENTICATOR, source);
            case BAD_AUTHENTICATOR -> drop(port, DropReason.BAD_AUTHENTICATOR, source);
        }
        return false;
    }

    private byte[] handle(String port, InetSocketAddress source, byte[] bytes) {
        Optional<NasClient> nas = model.nasClient(source.getAddress());
        if (nas.isEmpty()) {
            return drop(port, DropReason.UNKNOWN_CLIENT, source);
        }
        int expectedCode = port.equals("auth") ? ACCESS_REQUEST : ACCOUNTING_REQUEST;
        if (bytes.length < 20 || (bytes[0] & 0xff) != expectedCode) {
            return drop(port, DropReason.MALFORMED, source);
        }
        byte[] secret = nas.get().secret();
        Packet request;
        try {
            request = codec.decodeRequest(bytes.clone(), secret);
        } catch (PacketCodecException e) {
            String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
            return drop(port, message.contains("authenticator") ? DropReason.BAD_AUTHENTICATOR : DropReason.MALFORMED,
                    source);
        }
        if (expectedCode == ACCESS_REQUEST && request.getAttribute(MessageAuthenticator.class).isEmpty()) {
            return drop(port, DropReason.MISSING_MESSAGE_AUTHENTICATOR, source);
        }
        RetransmissionCache cache = port.equals("auth") ? authCache : acctCache;
        RetransmissionCache.Entry earlier = cache.begin(source, bytes);
        if (earlier != null) {
            if (earlier.answer() == null) {
                return drop(port, DropReason.DUPLICATE_IN_PROGRESS, source);
            }
            retransmissions.increment();
            return earlier.answer();
        }
        try {
            Packet response = expectedCode == ACCESS_REQUEST
                    ? access.answer(nas.get(), source, request)
                    : accounting.answer(nas.get(), source, request);
            byte[] answer = codec.encodeResponse(response, secret, request.getReceivedFields().getIdentifier(),
                    request.getReceivedFields().getAuthenticator());
            cache.answered(source, bytes, answer);
            return answer;
        } catch (PacketCodecException | RuntimeException e) {
            cache.forget(source, bytes);
            log.error("RADIUS {} request from {} failed", port, source, e);
            return drop(port, DropReason.INTERNAL_ERROR, source);
        }
    }

    private byte[] drop(String port, DropReason reason, InetSocketAddress source) {
        dropCounters.computeIfAbsent(port + reason, k -> Counter.builder("sra.radius.dropped")
                .description("packets not answered, by reason").tag("port", port).tag("reason", reason.name())
                .register(meters)).increment();
        log.debug("RADIUS {} dropped a packet from {}: {}", port, source, reason);
        return null;
    }

    /** Message-Authenticator first in every Access-Accept and Access-Reject (BlastRADIUS); the codec fills in its value. */
    static MessageAuthenticator messageAuthenticatorPlaceholder() {
        return new MessageAuthenticator(new StringData(new byte[16]));
    }
}
