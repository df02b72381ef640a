package org.sra.auth.decisionlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.convert.MappingMongoConverter;
import org.springframework.data.mongodb.core.convert.MongoCustomConversions;
import org.springframework.data.mongodb.core.convert.NoOpDbRefResolver;
import org.springframework.data.mongodb.core.mapping.MongoMappingContext;

/**
 * The writer stores decisions as documents built by hand; the admins' queries read them through
 * Spring Data's mapping. Both must agree on every field, set or not.
 */
class DecisionRecordTests {

    private final MappingMongoConverter converter = converter();

    @Test
    void aHandBuiltAcceptReadsBackThroughTheMappingAsTheSameDecision() {
        DecisionRecord accept = DecisionRecord.of("t-1", Instant.parse("2026-12-04T09:15:30.123Z"), "taro.yamada", "u-1",
                "d-1", "nas-1", "radius", true, null, 7, "10.8.0.12");

        DecisionRecord read = converter.read(DecisionRecord.class, accept.toDocument());

        assertThat(read.view()).isEqualTo(accept.view());
        assertThat(read.tenantId()).isEqualTo("t-1");
        assertThat(accept.toDocument()).doesNotContainKey("reason");
    }

    @Test
    void aRejectWithoutUserOrDeviceReadsBackWithThoseFieldsEmpty() {
        DecisionRecord reject = DecisionRecord.of("t-2", Instant.parse("2026-12-04T09:15:31Z"), "nobody", null, null,
                "nas-2", "http", false, "UNKNOWN_USER", 2, null);

        DecisionRecord read = converter.read(DecisionRecord.class, reject.toDocument());

        assertThat(read.view()).isEqualTo(reject.view());
        assertThat(read.view().result()).isEqualTo("REJECT");
        assertThat(read.view().deviceId()).isNull();
        assertThat(reject.toDocument()).doesNotContainKeys("userId", "deviceId", "framedIp");
    }

    private static MappingMongoConverter converter() {
        // what Spring Boot configures: the store's simple types (Instant, ...) and conversions
        MongoCustomConversions conversions = new MongoCustomConversions(List.of());
        MongoMappingContext context = new MongoMappingContext();
        context.setSimpleTypeHolder(conversions.getSimpleTypeHolder());
        context.afterPropertiesSet();
        MappingMongoConverter converter = new MappingMongoConverter(NoOpDbRefResolver.INSTANCE, context);
        converter.setCustomConversions(conversions);
        converter.afterPropertiesSet();
        return converter;
    }
}
