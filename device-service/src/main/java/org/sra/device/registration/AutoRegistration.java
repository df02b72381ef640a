package org.sra.device.registration;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;
import org.sra.device.assignment.Assignments;
import org.sra.device.device.Device;
import org.sra.device.device.Devices;
import org.sra.events.EventEnvelope;
import org.sra.events.connection.DeviceAutoRegistrationRequested;
import org.sra.events.device.DeviceAutoRegistrationFailed.Reason;
import org.sra.events.settings.SettingsChanged;

/**
 * Answers {@code DeviceAutoRegistrationRequested} (R-AUT-4). The serial is written by a versioned
 * save of the device, and the tenant-wide unique serial index refuses a serial another device
 * took meanwhile: of two requests racing for one device, one registers and the other is decided
 * again and fails ({@code NO_FREE_DEVICE}); of two devices racing for one serial, one gets it and
 * the other fails with {@code SERIAL_IN_USE}.
 */
@Service
public class AutoRegistration {

    private static final Logger log = LoggerFactory.getLogger(AutoRegistration.class);
    private static final int ATTEMPTS = 5;

    private final Devices devices;
    private final MongoTemplate mongo;
    private final MeterRegistry meters;

    private final Assignments assignments;

    AutoRegistration(Devices devices, MongoTemplate mongo, MeterRegistry meters,
                     Assignments assignments) {
        this.assignments = assignments;
        this.devices = devices;
        this.mongo = mongo;
        this.meters = meters;
    }

    public void onSettingsChanged(EventEnvelope envelope, SettingsChanged settings) {
        mongo.save(new TenantSettings(settings.tenantId(), settings.autoRegistration()));
    }

    public void onRequested(EventEnvelope envelope, DeviceAutoRegistrationRequested request) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            AutoRegistrationPolicy.Decision decision = decide(request);
            try {
                switch (decision) {
                    case AutoRegistrationPolicy.Register register -> register(register.deviceId(), request);
                    case AutoRegistrationPolicy.AlreadyRegistered already -> confirm(already.deviceId(), request);
                    case AutoRegistrationPolicy.Refuse refuse -> fail(envelope, request, refuse.reason(), refuse.deviceId());
                }
                return;
            } catch (OptimisticLockingFailureException raced) {
                log.debug("Device changed while registering serial for {}; deciding again", request.userName());
            } catch (DuplicateKeyException serialTaken) {
                String deviceId = decision instanceof AutoRegistrationPolicy.Register r ? r.deviceId() : null;
                fail(envelope, request, Reason.SERIAL_IN_USE, deviceId);
                return;
            }
        }
        fail(envelope, request, Reason.NO_FREE_DEVICE, null);
    }

    private AutoRegistrationPolicy.Decision decide(DeviceAutoRegistrationRequested request) {
        TenantSettings settings = mongo.findById(request.tenantId(), TenantSettings.class);
        boolean enabled = settings != null && settings.autoRegistration();
        List<AutoRegistrationPolicy.UserDevice> usersDevices = assignments
                .devicesOfUser(request.tenantId(), request.userId())
                .stream().map(d -> new AutoRegistrationPolicy.UserDevice(d.id(), d.name(), d.type(), d.deviceAuth(),
                        d.method(), d.serialId())).toList();
        // by the unique serial key alone, which the store looks up; whose device it is is checked here
        boolean usedElsewhere = mongo.find(Query.query(Criteria.where("serialKey")
                        .is(request.tenantId() + "/" + request.presentedSerial())), Device.class).stream()
                .anyMatch(d -> !request.userId().equals(d.assignedUserId()));
        return AutoRegistrationPolicy.decide(enabled, request.presentedSerial(), request.platform(), usersDevices,
                usedElsewhere);
    }

    private void register(String deviceId, DeviceAutoRegistrationRequested request) {
        Device device = device(deviceId, request);
        device.registerSerial(request.presentedSerial(), request.platform(), request.userName(), request.nasName());
        devices.save(device);
        count("registered");
        log.info("Serial {} registered on device {} ({}) of {}", request.presentedSerial(), deviceId, device.name(),
                request.userName());
    }

    private void confirm(String deviceId, DeviceAutoRegistrationRequested request) {
        Device device = device(deviceId, request);
        device.confirmSerial(request.platform());
        devices.save(device);
        count("already-registered");
    }

    private Device device(String deviceId, DeviceAutoRegistrationRequested request) {
        return devices.findInTenant(deviceId, request.tenantId())
                .orElseThrow(() -> new OptimisticLockingFailureException("device " + deviceId + " went away"));
    }

    private void fail(EventEnvelope envelope, DeviceAutoRegistrationRequested request, Reason reason, String deviceId) {
        try {
            // the admins' mail names the device as they know it, not by its id
            String deviceName = deviceId == null ? null
                    : devices.findInTenant(deviceId, request.tenantId()).map(Device::name).orElse(null);
            mongo.insert(RegistrationFailure.of(envelope.eventId().toString(), request, reason, deviceId, deviceName));
        } catch (DuplicateKeyException handledBefore) {
            return;
        }
        count(reason.name());
        log.info("Serial {} of {} not registered: {}", request.presentedSerial(), request.userName(), reason);
    }

    private void count(String outcome) {
        meters.counter("sra.device.autoregistration", "outcome", outcome).increment();
    }
}
