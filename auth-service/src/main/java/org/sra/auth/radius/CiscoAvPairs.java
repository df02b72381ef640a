package org.sra.auth.radius;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.aaa4j.radius.core.attribute.VsaData;
import org.aaa4j.radius.core.attribute.attributes.VendorSpecific;
import org.aaa4j.radius.core.packet.Packet;
import org.sra.auth.decision.DeviceIdentity;

/**
 * Reads the device identity AnyConnect sends as Cisco-AVPair (vendor 9, attribute 1) values of
 * the form {@code mdm-tlv=device-uid=…}, {@code mdm-tlv=device-mac=xx-xx-xx-xx-xx-xx} (one per
 * interface) and {@code mdm-tlv=device-platform=win}.
 */
final class CiscoAvPairs {

    static final int CISCO = 9;
    static final int AV_PAIR = 1;
    private static final String MDM_TLV = "mdm-tlv=";

    private CiscoAvPairs() {
    }

    static DeviceIdentity deviceIdentity(Packet request) {
        return deviceIdentity(values(request));
    }

    static DeviceIdentity deviceIdentity(List<String> avPairs) {
        String uid = null;
        String platform = null;
        List<String> macs = new ArrayList<>();
        for (String pair : avPairs) {
            if (!pair.startsWith(MDM_TLV)) {
                continue;
            }
            String tlv = pair.substring(MDM_TLV.length());
            int equals = tlv.indexOf('=');
            if (equals <= 0) {
                continue;
            }
            String key = tlv.substring(0, equals).strip();
            String value = tlv.substring(equals + 1).strip();
            switch (key) {
                case "device-uid" -> uid = value;
                case "device-mac" -> macs.add(value);
                case "device-platform" -> platform = value;
                default -> { }
            }
        }
        return new DeviceIdentity(uid, macs, platform);
    }

    static List<String> values(Packet request) {
        List<String> values = new ArrayList<>();
        for (VendorSpecific vsa : request.getAttributes(VendorSpecific.class)) {
            VsaData data = vsa.getData();
            if (data.getVendorId() == CISCO && data.getVendorType() == AV_PAIR) {
                values.add(new String(data.getVsaData(), StandardCharsets.UTF_8));
            }
        }
        return values;
    }
}
