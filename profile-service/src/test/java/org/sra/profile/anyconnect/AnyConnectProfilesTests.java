package org.sra.profile.anyconnect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.sra.events.profile.ProxyMode;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** R-PRO-6: the file is a well-formed AnyConnect profile with the headend and the tenant's preferences. */
class AnyConnectProfilesTests {

    static final String NS = "http://schemas.xmlsoap.org/encoding/";

    @Test
    void theProfileHasTheAnyConnectRootNamespaceAndTheHeadendInItsServerList() throws Exception {
        Document xml = parse(AnyConnectProfiles.write("SRA VPN", "vpn.acme.example",
                ClientPreferences.of(ProxyMode.UNSELECTED, null, null, false, false)));
        Element root = xml.getDocumentElement();
        assertThat(root.getLocalName()).isEqualTo("AnyConnectProfile");
        assertThat(root.getNamespaceURI()).isEqualTo(NS);
        assertThat(root.getPrefix()).isNull();
        assertThat(child(root, "ClientInitialization")).isNotNull();
        Element host = child(child(root, "ServerList"), "HostEntry");
        assertThat(text(host, "HostName")).isEqualTo("SRA VPN");
        assertThat(text(host, "HostAddress")).isEqualTo("vpn.acme.example");
        assertThat(child(child(root, "ClientInitialization"), "ProxySettings")).isNull();
    }

    @Test
    void localSegmentAccessIsTheLocalLanAccessPreference() throws Exception {
        Element on = init(ClientPreferences.of(ProxyMode.UNSELECTED, null, null, false, true));
        Element off = init(ClientPreferences.of(ProxyMode.UNSELECTED, null, null, false, false));
        assertThat(text(on, "LocalLanAccess")).isEqualTo("true");
        assertThat(child(on, "LocalLanAccess").getAttribute("UserControllable")).isEqualTo("false");
        assertThat(text(off, "LocalLanAccess")).isEqualTo("false");
    }

    @Test
    void aManagedProxyOverridesTheClientsProxyWithTheTenantsServer() throws Exception {
        Element init = init(ClientPreferences.of(ProxyMode.MANAGEMENT, "192.168.0.10", 8080, true, false));
        Element proxy = child(init, "ProxySettings");
        assertThat(proxy.getFirstChild().getNodeValue().strip()).isEqualTo("Override");
        assertThat(text(proxy, "PublicProxyServerAddress")).isEqualTo("192.168.0.10:8080");
    }

    @Test
    void noProxyAllowedIgnoresProxiesAndClientSettingsUsesTheNativeOnes() throws Exception {
        assertThat(text(init(ClientPreferences.of(ProxyMode.DENY, null, null, false, false)), "ProxySettings"))
                .isEqualTo("IgnoreProxy");
        assertThat(text(init(ClientPreferences.of(ProxyMode.CLIENT_SETTINGS, null, null, true, false)),
                "ProxySettings")).isEqualTo("Native");
    }

    @Test
    void theHeadendNameIsEscapedNotInjected() throws Exception {
        Document xml = parse(AnyConnectProfiles.write("<b>&\"VPN\"", "vpn.example.com",
                ClientPreferences.of(ProxyMode.UNSELECTED, null, null, false, false)));
        Element host = child(child(xml.getDocumentElement(), "ServerList"), "HostEntry");
        assertThat(text(host, "HostName")).isEqualTo("<b>&\"VPN\"");
    }

    private static Element init(ClientPreferences preferences) throws Exception {
        return child(parse(AnyConnectProfiles.write("SRA", "vpn.example.com", preferences)).getDocumentElement(),
                "ClientInitialization");
    }

    static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    static Element child(Element parent, String name) {
        var nodes = parent.getElementsByTagNameNS(NS, name);
        return nodes.getLength() == 0 ? null : (Element) nodes.item(0);
    }

    static String text(Element parent, String name) {
        return child(parent, name).getTextContent().strip();
    }
}
