package org.sra.auth.radius;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * RADIUS listeners.
 *
 * @param authPort          Access-Request port (0 = any free port, for tests)
 * @param acctPort          Accounting-Request port
 * @param bindAddress       address to listen on
 * @param receiveBuffer     socket receive buffer; the kernel default drops packets under bursts
 * @param duplicateWindow   how long an answer is kept for retransmissions of its request
 * @param disconnectPort    the NAS's RFC 5176 port for Disconnect-Request
 * @param disconnectTimeout how long to wait for the NAS's Disconnect-ACK/NAK
 */
@ConfigurationProperties("sra.radius")
public record RadiusSettings(@DefaultValue("true") boolean enabled,
                             @DefaultValue("1812") int authPort,
                             @DefaultValue("1813") int acctPort,
                             @DefaultValue("0.0.0.0") String bindAddress,
                             @DefaultValue("4194304") int receiveBuffer,
                             @DefaultValue("5s") Duration duplicateWindow,
                             @DefaultValue("3799") int disconnectPort,
                             @DefaultValue("2s") Duration disconnectTimeout) {
}
