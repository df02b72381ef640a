package org.sra.local.bench;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy in front of a server (the demo directory), standing in for one domain controller on
 * its own loopback address, that a fault test can make misbehave:
 * <ul>
 * <li>{@link Mode#FORWARD}: bytes pass both ways;</li>
 * <li>{@link Mode#BLACK_HOLE}: connections are still accepted and kept open, but nothing is
 * forwarded and nothing answered: no reset, no close, as a host behind a firewall that drops
 * packets looks to a client (it waits until its own timeout);</li>
 * <li>{@link Mode#DOWN}: the listener and every connection closed, so a client's connect is
 * refused at once.</li>
 * </ul>
 * Leaving {@code BLACK_HOLE} or {@code DOWN} closes the connections opened before (a client sees
 * them end, as after a server restart), so no half-forwarded request is answered late.
 * One platform thread per direction and connection: a handful of connections in a test.
 */
public final class FaultProxy implements AutoCloseable {

    public enum Mode { FORWARD, BLACK_HOLE, DOWN }

    private final InetSocketAddress listen;
    private final InetSocketAddress target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile Mode mode = Mode.FORWARD;
    private volatile ServerSocket server;

    private FaultProxy(InetSocketAddress listen, InetSocketAddress target) {
        this.listen = listen;
        this.target = target;
    }

    /** Listens on {@code address}:{@code port} and forwards to {@code target}. */
    public static FaultProxy start(String address, int port, InetSocketAddress target) {
        FaultProxy proxy = new FaultProxy(new InetSocketAddress(address, port), target);
        proxy.listen();
        return proxy;
    }

    public String address() {
        return listen.getAddress().getHostAddress();
    }

    public Mode mode() {
        return mode;
    }

    /** Switches to {@code next}; see the class comment for what each mode does. */
    public synchronized void set(Mode next) {
        Mode before = mode;
        if (before == next) {
            return;
        }
        mode = next;
        if (next == Mode.DOWN) {
            closeQuietly(server);
            server = null;
        }
        if (before != Mode.FORWARD || next == Mode.DOWN) {
            open.forEach(FaultProxy::closeQuietly);
            open.clear();
        }
        if (before == Mode.DOWN) {
            listen();
        }
    }

    private void listen() {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(listen, 50);
            server = socket;
            Thread.ofPlatform().daemon().name("fault-proxy-" + address()).start(() -> accept(socket));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + listen + ": " + e.getMessage(), e);
        }
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                open.add(client);
                if (mode != Mode.FORWARD) {
                    continue; // accepted and held: the client's request goes nowhere
                }
                Socket upstream = new Socket();
                upstream.connect(target, 2_000);
                open.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                // the listener was closed (DOWN) or the target refused: the client sees its connection end
            }
        }
    }

    /** Copies {@code from} → {@code to} while forwarding; in a black hole the bytes read are dropped. */
    private void pump(Socket from, Socket to) {
        Thread.ofPlatform().daemon().start(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (mode == Mode.FORWARD) {
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                if (mode == Mode.FORWARD) {
                    closeQuietly(from);
                    closeQuietly(to);
                }
            }
        });
    }

    @Override
    public synchronized void close() {
        closeQuietly(server);
        open.forEach(FaultProxy::closeQuietly);
        open.clear();
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            if (closeable != null) {
                closeable.close();
            }
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** Whether this machine can listen on {@code address} (Linux answers for all of 127.0.0.0/8). */
    public static boolean canListenOn(String address) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(address))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
