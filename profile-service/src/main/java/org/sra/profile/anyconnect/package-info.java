/**
 * The Cisco AnyConnect / Secure Client VPN profile file (R-PRO-6): an XML document in the
 * AnyConnect profile namespace, written with Jakarta XML Binding from the tenant's settings.
 */
@XmlSchema(namespace = AnyConnectProfileXml.NAMESPACE, elementFormDefault = XmlNsForm.QUALIFIED,
        xmlns = @XmlNs(prefix = "", namespaceURI = AnyConnectProfileXml.NAMESPACE))
@XmlAccessorType(XmlAccessType.FIELD)
package org.sra.profile.anyconnect;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlNs;
import jakarta.xml.bind.annotation.XmlNsForm;
import jakarta.xml.bind.annotation.XmlSchema;
