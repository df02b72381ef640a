package org.sra.auth.radius;

import java.net.InetSocketAddress;

import org.aaa4j.radius.core.packet.Packet;
import org.sra.auth.readmodel.NasClient;

/**
 * One kind of RADIUS request on its own port: which packet code it takes, the cheap raw-byte
 * check run on the receiving thread ({@link PacketScreen}), and the answer to a request that
 * passed every check of {@link RadiusServer}.
 */
interface RequestHandler {

    /** {@code auth} or {@code acct}: the port's name in logs and metrics. */
    String port();

    /** The RADIUS code this port takes; any other is dropped as malformed. */
    int requestCode();

    /** The raw-byte authenticator check for this kind of request, with the NAS client's secret. */
    PacketScreen.Verdict screen(byte[] packet, byte[] secret);

    /** The response to a decoded, verified request from a registered NAS client. */
    Packet answer(NasClient nas, InetSocketAddress source, Packet request);
}
