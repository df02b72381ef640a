package org.sra.profile.anyconnect;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;

/**
 * Writes AnyConnect VPN profiles (R-PRO-6): root {@code AnyConnectProfile} in Cisco's namespace,
 * {@code ClientInitialization} with the proxy and local-LAN preferences, and a
 * {@code ServerList} with the headend. Thread-safe; the JAXB context is built once.
 */
public final class AnyConnectProfiles {

    private static final JAXBContext CONTEXT = context();

    private AnyConnectProfiles() {
    }

    /** The profile file for one headend and one profile's preferences, UTF-8 encoded. */
    public static byte[] write(String headendName, String headendAddress, ClientPreferences preferences) {
        AnyConnectProfileXml profile = new AnyConnectProfileXml();
        var init = new AnyConnectProfileXml.ClientInitialization();
        if (preferences.proxyPolicy() != null) {
            init.proxySettings = AnyConnectProfileXml.ProxySettings.of(preferences.proxyPolicy(), preferences.publicProxy());
        }
        init.allowLocalProxyConnections = true;
        init.autoConnectOnStart = AnyConnectProfileXml.Controllable.of(false, true);
        init.localLanAccess = AnyConnectProfileXml.Controllable.of(preferences.localLan(), false);
        init.autoReconnect = AnyConnectProfileXml.Controllable.of(true, false);
        profile.clientInitialization = init;
        var host = new AnyConnectProfileXml.HostEntry();
        host.hostName = headendName;
        host.hostAddress = headendAddress;
        profile.serverList = new AnyConnectProfileXml.ServerList();
        profile.serverList.hostEntries.add(host);
        try {
            Marshaller marshaller = CONTEXT.createMarshaller();
            marshaller.setProperty(Marshaller.JAXB_ENCODING, StandardCharsets.UTF_8.name());
            marshaller.setProperty(Marshaller.JAXB_FORMATTED_OUTPUT, true);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            marshaller.marshal(profile, out);
            return out.toByteArray();
        } catch (JAXBException e) {
            throw new IllegalStateException("Cannot write the AnyConnect profile", e);
        }
    }

    private static JAXBContext context() {
        try {
            return JAXBContext.newInstance(AnyConnectProfileXml.class);
        } catch (JAXBException e) {
            throw new IllegalStateException("Cannot build the JAXB context of the AnyConnect profile", e);
        }
    }
}
