package org.sra.profile.anyconnect;

import org.w3c.dom.Document;

/** Reading a served profile in other packages' tests. */
public final class AnyConnectXml {

    private AnyConnectXml() {
    }

    public static Document parse(byte[] xml) throws Exception {
        return AnyConnectProfilesTests.parse(xml);
    }

    /** Text of the first element of that name in the AnyConnect namespace, or null. */
    public static String text(Document xml, String name) {
        var nodes = xml.getElementsByTagNameNS(AnyConnectProfilesTests.NS, name);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().strip();
    }
}
