package org.sra.auth.radius;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.aaa4j.radius.core.attribute.Attribute;
import org.aaa4j.radius.core.attribute.StringData;
import org.aaa4j.radius.core.attribute.TextData;
import org.aaa4j.radius.core.attribute.EnumData;
import org.aaa4j.radius.core.attribute.attributes.AcctStatusType;
import org.aaa4j.radius.core.attribute.attributes.MessageAuthenticator;
import org.aaa4j.radius.core.attribute.attributes.UserName;
import org.aaa4j.radius.core.dictionary.dictionaries.StandardDictionary;
import org.aaa4j.radius.core.packet.PacketCodec;
import org.aaa4j.radius.core.packet.packets.AccessRequest;
import org.aaa4j.radius.core.packet.packets.AccountingRequest;
import org.junit.jupiter.api.Test;

/** R-AUT-1 BlastRADIUS hardening, checked on raw bytes before any decode. */
class PacketScreenTests {

    static final byte[] SECRET = "s3cret".getBytes(StandardCharsets.UTF_8);
    final PacketCodec codec = new PacketCodec(new StandardDictionary());

    byte[] access(boolean messageAuthenticator, byte[] secret) throws Exception {
        List<Attribute<?>> attributes = messageAuthenticator
                ? List.of(new UserName(new TextData("taro")), new MessageAuthenticator(new StringData(new byte[16])))
                : List.of(new UserName(new TextData("taro")));
        return codec.encodeRequest(new AccessRequest(attributes), secret, new byte[16]);
    }

    @Test
    void anAccessRequestPassesOnlyWithARightMessageAuthenticator() throws Exception {
        assertThat(PacketScreen.accessRequest(access(true, SECRET), SECRET)).isEqualTo(PacketScreen.Verdict.PASS);
        assertThat(PacketScreen.accessRequest(access(true, "other".getBytes()), SECRET))
                .isEqualTo(PacketScreen.Verdict.BAD_AUTHENTICATOR);
        assertThat(PacketScreen.accessRequest(access(false, SECRET), SECRET))
                .isEqualTo(PacketScreen.Verdict.MISSING_MESSAGE_AUTHENTICATOR);
        byte[] truncated = access(true, SECRET);
        truncated[3] = (byte) (truncated[3] + 3);
        assertThat(PacketScreen.accessRequest(truncated, SECRET)).isEqualTo(PacketScreen.Verdict.MALFORMED);
    }

    @Test
    void anAccountingRequestPassesOnlyWithTheRightAuthenticator() throws Exception {
        byte[] packet = codec.encodeRequest(new AccountingRequest(List.of(new AcctStatusType(new EnumData(1)))),
                SECRET, new byte[16]);
        assertThat(PacketScreen.accountingRequest(packet, SECRET)).isEqualTo(PacketScreen.Verdict.PASS);
        assertThat(PacketScreen.accountingRequest(packet, "other".getBytes())).isEqualTo(PacketScreen.Verdict.BAD_AUTHENTICATOR);
    }
}
