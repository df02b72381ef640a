package org.sra.auth.radius;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.ExecutorService;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sra.auth.readmodel.NasClient;

/**
 * One UDP port: a platform thread receives datagrams into a socket with a large receive buffer
 * and hands each to a virtual thread, which may send one answer back to the sender.
 */
final class UdpListener implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UdpListener.class);
    private static final int MAX_PACKET = 4096; // RFC 2865 §3

    /** Runs on a worker with the NAS client the screen found; returns the answer's bytes, or null to send nothing. */
    interface Handler {
        byte[] handle(InetSocketAddress source, byte[] packet, NasClient nas);
    }

    /** Runs on the receiving thread: the sending NAS client, or null to drop the packet before it costs a thread. */
    interface Screen {
        NasClient admit(InetSocketAddress source, byte[] packet);
    }

    private final String name;
    private final DatagramChannel channel;
    private final Handler handler;
    private final Screen screen;
    private final ExecutorService workers;
    private final Thread receiver;

    UdpListener(String name, InetSocketAddress bindAddress, int receiveBuffer, Screen screen, Handler handler,
                ExecutorService workers) throws IOException {
        this.name = name;
        this.screen = screen;
        this.handler = handler;
        this.workers = workers;
        this.channel = DatagramChannel.open();
        channel.setOption(StandardSocketOptions.SO_RCVBUF, receiveBuffer);
        channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        channel.bind(bindAddress);
        int granted = channel.getOption(StandardSocketOptions.SO_RCVBUF);
        if (granted < receiveBuffer) {
            log.warn("RADIUS {}: receive buffer {} bytes granted of {} asked; raise net.core.rmem_max", name, granted,
                    receiveBuffer);
        }
        this.receiver = Thread.ofPlatform().name("radius-" + name).daemon().unstarted(this::receive);
    }

    void start() {
        receiver.start();
        log.info("RADIUS {} listening on {}", name, localAddress());
    }

    InetSocketAddress localAddress() {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void receive() {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_PACKET);
        while (channel.isOpen()) {
            try {
                buffer.clear();
                InetSocketAddress source = (InetSocketAddress) channel.receive(buffer);
                buffer.flip();
                byte[] packet = new byte[buffer.remaining()];
                buffer.get(packet);
                NasClient nas = screen.admit(source, packet);
                if (nas != null) {
                    workers.execute(() -> answer(source, packet, nas));
                }
            } catch (ClosedChannelException closed) {
                return;
            } catch (IOException | RuntimeException e) {
                if (channel.isOpen()) {
                    log.warn("RADIUS {} receive failed: {}", name, e.toString());
                }
            }
        }
    }

    private void answer(InetSocketAddress source, byte[] packet, NasClient nas) {
        byte[] answer = handler.handle(source, packet, nas);
        if (answer != null) {
            try {
                channel.send(ByteBuffer.wrap(answer), source);
            } catch (IOException e) {
                log.warn("RADIUS {} could not answer {}: {}", name, source, e.toString());
            }
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
            receiver.join(2000);
        } catch (IOException e) {
            log.warn("RADIUS {} close failed: {}", name, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
