package org.sra.auth.authorization;

import java.time.Instant;

import org.sra.auth.decision.DeviceIdentity;
import org.sra.auth.readmodel.NasClient;

/**
 * A connection attempt as the headend put it.
 *
 * @param receivedAt when the request arrived (the deadline counts from here)
 * @param channel    {@code radius} or {@code http}
 */
public record AccessRequest(NasClient nas, String userName, String password, DeviceIdentity device,
                            Instant receivedAt, String channel) {

    @Override
    public String toString() {
        return "AccessRequest[" + nas + ", user " + userName + ", " + channel + "]"; // never the password
    }
}
