package org.sra.device.registration;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;
import org.sra.events.connection.DeviceAutoRegistrationRequested;
import org.sra.events.device.DeviceAutoRegistrationFailed;
import org.sra.kit.outbox.AggregateDocument;

/**
 * Carries one {@code DeviceAutoRegistrationFailed} through the outbox. Its id is the id of the
 * request event, so handling the request again cannot raise a second failure; it is a tombstone
 * from the start, which the relay deletes once the event is out.
 */
@Document("registration_failures")
class RegistrationFailure extends AggregateDocument {

    @Id
    private String id;
    private String tenantId;

    RegistrationFailure() {
    }

    static RegistrationFailure of(String requestEventId, DeviceAutoRegistrationRequested request,
                                  DeviceAutoRegistrationFailed.Reason reason, String deviceId, String deviceName) {
        RegistrationFailure failure = new RegistrationFailure();
        failure.id = requestEventId;
        failure.tenantId = request.tenantId();
        failure.raise(request.tenantId(), new DeviceAutoRegistrationFailed(request.tenantId(), request.userId(),
                request.userName(), deviceId, request.presentedSerial(), request.platform(), reason, deviceName));
        failure.markDeleted();
        return failure;
    }
}
