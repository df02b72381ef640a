package org.sra.profile.anyconnect;

import java.util.ArrayList;
import java.util.List;

import javax.xml.namespace.QName;

import org.jspecify.annotations.Nullable;

import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlMixed;
import jakarta.xml.bind.annotation.XmlRootElement;
import jakarta.xml.bind.annotation.XmlType;
import jakarta.xml.bind.annotation.XmlValue;

/**
 * The elements of an AnyConnect VPN profile that SRA writes, in the order of Cisco's
 * {@code AnyConnectProfile.xsd}. Package-private: only {@link AnyConnectProfiles} builds them.
 */
@XmlRootElement(name = "AnyConnectProfile")
@XmlType(propOrder = {"clientInitialization", "serverList"})
class AnyConnectProfileXml {

    static final String NAMESPACE = "http://schemas.xmlsoap.org/encoding/";

    @XmlElement(name = "ClientInitialization")
    ClientInitialization clientInitialization;

    @XmlElement(name = "ServerList")
    ServerList serverList;

    @XmlType(propOrder = {"proxySettings", "allowLocalProxyConnections", "autoConnectOnStart", "localLanAccess",
            "autoReconnect"})
    static class ClientInitialization {

        @XmlElement(name = "ProxySettings")
        ProxySettings proxySettings;

        @XmlElement(name = "AllowLocalProxyConnections")
        boolean allowLocalProxyConnections;

        @XmlElement(name = "AutoConnectOnStart")
        Controllable autoConnectOnStart;

        @XmlElement(name = "LocalLanAccess")
        Controllable localLanAccess;

        @XmlElement(name = "AutoReconnect")
        Controllable autoReconnect;
    }

    /**
     * Mixed content in the schema: the policy as text ({@code Native}, {@code IgnoreProxy},
     * {@code Override}) followed by an optional {@code PublicProxyServerAddress} element.
     */
    static class ProxySettings {

        @XmlAttribute(name = "UserControllable")
        boolean userControllable;

        @XmlMixed
        @XmlAnyElement
        List<Object> content = new ArrayList<>();

        static ProxySettings of(String policy, @Nullable String publicProxy) {
            ProxySettings settings = new ProxySettings();
            settings.content.add(policy);
            if (publicProxy != null) {
                settings.content.add(new JAXBElement<>(new QName(NAMESPACE, "PublicProxyServerAddress"), String.class,
                        publicProxy));
            }
            return settings;
        }
    }

    /** A true/false preference with the schema's {@code UserControllable} attribute. */
    static class Controllable {

        @XmlAttribute(name = "UserControllable")
        boolean userControllable;

        @XmlValue
        boolean value;

        static Controllable of(boolean value, boolean userControllable) {
            Controllable controllable = new Controllable();
            controllable.value = value;
            controllable.userControllable = userControllable;
            return controllable;
        }
    }

    static class ServerList {

        @XmlElement(name = "HostEntry")
        List<HostEntry> hostEntries = new ArrayList<>();
    }

    @XmlType(propOrder = {"hostName", "hostAddress"})
    static class HostEntry {

        @XmlElement(name = "HostName")
        String hostName;

        @XmlElement(name = "HostAddress")
        String hostAddress;
    }
}
