package org.sra.device.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.sra.device.TestApi;
import org.sra.device.TestEvents;
import org.sra.events.device.DeviceChanged;
import org.sra.kit.test.SraIntegrationTest;

/** A device's optional validity period through the API, the list and {@code DeviceChanged}. */
@SraIntegrationTest
@AutoConfigureTestRestTemplate
class DeviceValidityIntegrationTests {

    @Autowired
    TestRestTemplate http;
    @Autowired
    EmbeddedKafkaBroker broker;

    final String tenant = UUID.randomUUID().toString();

    static Map<String, Object> device(String name, String validFrom, String validUntil) {
        Map<String, Object> device = new HashMap<>(TestApi.serialDevice(name));
        device.put("validFrom", validFrom);
        device.put("validUntil", validUntil);
        return device;
    }

    @Test
    void aValidityPeriodIsStoredShownAndAnnouncedAndAnEditCanClearIt() {
        TestApi admin = TestApi.admin(http, tenant);
        ResponseEntity<Map> created = admin.post("/api/devices",
                device("pc-valid", "2027-04-01T00:00:00+09:00", "2028-03-31T15:00:00Z"));
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(created.getBody()).containsEntry("validFrom", "2027-03-31T15:00:00Z")
                .containsEntry("validUntil", "2028-03-31T15:00:00Z");
        String id = (String) created.getBody().get("id");
        DeviceChanged announced = TestEvents.awaitPublished(broker, tenant, DeviceChanged.class,
                e -> e.deviceId().equals(id));
        assertThat(announced.validFrom()).isEqualTo(Instant.parse("2027-03-31T15:00:00Z"));
        assertThat(announced.validUntil()).isEqualTo(Instant.parse("2028-03-31T15:00:00Z"));
        List<Map<String, Object>> items = (List<Map<String, Object>>) admin.get("/api/devices").getBody().get("items");
        assertThat(items).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("validFrom", "2027-03-31T15:00:00Z").containsEntry("validUntil", "2028-03-31T15:00:00Z"));

        // the form sends the whole device: no period given means none
        ResponseEntity<Map> edited = admin.put("/api/devices/" + id, device("pc-valid", "", null));
        assertThat(edited.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(edited.getBody()).containsEntry("validFrom", null).containsEntry("validUntil", null);
        TestEvents.awaitPublished(broker, tenant, DeviceChanged.class,
                e -> e.deviceId().equals(id) && e.validFrom() == null && e.validUntil() == null);
    }

    @Test
    void aPeriodThatCannotBeReadOrEndsBeforeItBeginsIsRefusedFieldByField() {
        TestApi admin = TestApi.admin(http, tenant);
        ResponseEntity<Map> unreadable = admin.post("/api/devices", device("pc-bad", "2027/04/01", null));
        assertThat(unreadable.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        List<Map<String, Object>> errors = (List<Map<String, Object>>) unreadable.getBody().get("errors");
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e).containsEntry("field", "validFrom").containsEntry("code", "instant-invalid");
            assertThat((String) e.get("message")).startsWith("利用開始日時「2027/04/01」の形式が正しくありません。");
        });

        ResponseEntity<Map> backwards = admin.inEnglish().post("/api/devices",
                device("pc-bad", "2027-04-01T00:00:00Z", "2027-04-01T00:00:00Z"));
        assertThat(backwards.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat((List<Map<String, Object>>) backwards.getBody().get("errors")).singleElement()
                .satisfies(e -> assertThat(e).containsEntry("field", "validUntil")
                        .containsEntry("message", "Valid until must be later than Valid from."));
        assertThat(admin.get("/api/devices").getBody()).containsEntry("totalElements", 0);
    }
}
