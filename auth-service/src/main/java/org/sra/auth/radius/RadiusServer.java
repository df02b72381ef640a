package org.sra.auth.radius;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import org.aaa4j.radius.core.dictionary.dictionaries.StandardDictionary;
import org.aaa4j.radius.core.packet.Packet;
import org.aaa4j.radius.core.packet.PacketCodec;
import org.aaa4j.radius.core.packet.PacketCodecException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.sra.auth.readmodel.NasClient;
import org.sra.auth.readmodel.ReadModel;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The RADIUS front door: for every datagram, find the NAS client by source address (its
 * tenant and secret) and check the raw packet against the secret on the receiving thread
 * ({@link #screen}); then, on a virtual thread, decode it, answer retransmissions from the cache,
 * and only then hand it to its port's handler ({@link AccessRequestHandler} or
 * {@link AccountingHandler}). Anything that fails a check is dropped without an answer and
 * counted by reason (R-AUT-1).
 */
@Component
public class RadiusServer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RadiusServer.class);

    private final RadiusSettings settings;
    private final Function<InetAddress, Optional<NasClient>> nasClients;
    private final AccessRequestHandler access;
    private final AccountingHandler accounting;
    private final MeterRegistry meters;
    private final PacketCodec codec = new PacketCodec(new StandardDictionary());
    private final RetransmissionCache authCache;
    private final RetransmissionCache acctCache;
    private final Map<String, Counter> dropCounters = new ConcurrentHashMap<>();
    private final Counter retransmissions;
    private ExecutorService workers;
    private UdpListener authListener;
    private UdpListener acctListener;

    @Autowired
    RadiusServer(RadiusSettings settings, ReadModel model, AccessRequestHandler access, AccountingHandler accounting,
                 MeterRegistry meters) {
        this(settings, model::nasClient, access, accounting, meters);
    }

    /** With the NAS clients from anywhere: the fuzz tests drive {@link #screen} and {@link #handle} without a store. */
    RadiusServer(RadiusSettings settings, Function<InetAddress, Optional<NasClient>> nasClients,
                 AccessRequestHandler access, AccountingHandler accounting, MeterRegistry meters) {
        this.settings = settings;
        this.nasClients = nasClients;
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
            authListener = listen(access, settings.authPort(), authCache);
            acctListener = listen(accounting, settings.acctPort(), acctCache);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the RADIUS ports", e);
        }
        authListener.start();
        acctListener.start();
    }

    private UdpListener listen(RequestHandler handler, int port, RetransmissionCache cache) throws IOException {
        return new UdpListener(handler.port(), new InetSocketAddress(settings.bindAddress(), port),
                settings.receiveBuffer(), (source, bytes) -> screen(handler, source, bytes),
                (source, bytes, nas) -> handle(handler, cache, source, bytes, nas), workers);
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

    /**
     * The cheap checks, on the receiving thread: a registered NAS client, the port's packet code,
     * and the raw-byte authenticator checks of {@link PacketScreen} (which drop an Access-Request
     * without Message-Authenticator).
     *
     * @return the sending NAS client, or null when the packet is dropped
     */
    NasClient screen(RequestHandler handler, InetSocketAddress source, byte[] bytes) {
        NasClient nas = nasClients.apply(source.getAddress()).orElse(null);
        if (nas == null) {
            drop(handler, DropReason.UNKNOWN_CLIENT, source);
            return null;
        }
        if (bytes.length < 20 || (bytes[0] & 0xff) != handler.requestCode()) {
            drop(handler, DropReason.MALFORMED, source);
            return null;
        }
        switch (handler.screen(bytes, nas.secret())) {
            case PASS -> {
                return nas;
            }
            case MALFORMED -> drop(handler, DropReason.MALFORMED, source);
            case MISSING_MESSAGE_AUTHENTICATOR -> drop(handler, DropReason.MISSING_MESSAGE_AUTHENTICATOR, source);
            case BAD_AUTHENTICATOR -> drop(handler, DropReason.BAD_AUTHENTICATOR, source);
        }
        return null;
    }

    /**
     * On a worker, for a packet the screen passed: the full decode (attribute syntax, and the
     * authenticators once more by the codec), the retransmission cache, the handler, the encoded
     * answer.
     */
    byte[] handle(RequestHandler handler, RetransmissionCache cache, InetSocketAddress source, byte[] bytes,
                          NasClient nas) {
        byte[] secret = nas.secret();
        Packet request;
        try {
            request = codec.decodeRequest(bytes.clone(), secret);
        } catch (PacketCodecException e) {
            String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            return drop(handler, message.contains("authenticator") ? DropReason.BAD_AUTHENTICATOR
                    : DropReason.MALFORMED, source);
        } catch (RuntimeException e) {
            // aaa4j refuses some attribute values with an unchecked exception instead of a
            // PacketCodecException: a Vendor-Specific whose vendor id has its top octet set throws
            // IllegalArgumentException (found by RadiusPacketFuzzTests). Such a packet is malformed.
            return drop(handler, DropReason.MALFORMED, source);
        }
        RetransmissionCache.Entry earlier = cache.begin(source, bytes);
        if (earlier != null) {
            if (earlier.answer() == null) {
                return drop(handler, DropReason.DUPLICATE_IN_PROGRESS, source);
            }
            retransmissions.increment();
            return earlier.answer();
        }
        try {
            Packet response = handler.answer(nas, source, request);
            byte[] answer = codec.encodeResponse(response, secret, request.getReceivedFields().getIdentifier(),
                    request.getReceivedFields().getAuthenticator());
            cache.answered(source, bytes, answer);
            return answer;
        } catch (PacketCodecException | RuntimeException e) {
            cache.forget(source, bytes);
            log.error("RADIUS {} request from {} failed", handler.port(), source, e);
            return drop(handler, DropReason.INTERNAL_ERROR, source);
        }
    }

    private byte[] drop(RequestHandler handler, DropReason reason, InetSocketAddress source) {
        String port = handler.port();
        dropCounters.computeIfAbsent(port + reason, k -> Counter.builder("sra.radius.dropped")
                .description("packets not answered, by reason").tag("port", port).tag("reason", reason.name())
                .register(meters)).increment();
        log.debug("RADIUS {} dropped a packet from {}: {}", port, source, reason);
        return null;
    }
}
