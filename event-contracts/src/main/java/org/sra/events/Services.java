package org.sra.events;

import java.util.List;

/**
 * The services that produce events, by the name they run under ({@code spring.application.name}),
 * which is also their consumer group and, in production, their Kafka user. {@link EventTypes}
 * names each type's producers with these.
 */
public final class Services {

    public static final String DIRECTORY = "directory-service";
    public static final String DEVICE = "device-service";
    public static final String PROFILE = "profile-service";
    public static final String AUTH = "auth-service";
    public static final String NOTIFICATION = "notification-service";

    private Services() {
    }

    /** Every service that produces or consumes events. */
    public static List<String> all() {
        return List.of(DIRECTORY, DEVICE, PROFILE, AUTH, NOTIFICATION);
    }
}
