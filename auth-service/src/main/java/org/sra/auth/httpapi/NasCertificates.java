package org.sra.auth.httpapi;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.sra.auth.readmodel.NasClient;
import org.sra.auth.readmodel.ReadModel;

/**
 * Which NAS client a verified client certificate names (the connector has already checked that
 * the configured CA issued it): the subject CN and the SAN DNS names and IP addresses, matched
 * against the NAS clients' id, name and address (or address block). Exactly one NAS client must
 * match; none or several (e.g. two tenants' headends with the same name) is a refusal, never a guess.
 */
@Component
class NasCertificates {

    private static final Logger log = LoggerFactory.getLogger(NasCertificates.class);
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    private final ReadModel model;

    NasCertificates(ReadModel model) {
        this.model = model;
    }

    Optional<NasClient> nasClient(X509Certificate certificate) {
        Set<String> names = new LinkedHashSet<>();
        List<InetAddress> addresses = new ArrayList<>();
        commonName(certificate).ifPresent(names::add);
        try {
            Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> alternative : alternatives) {
                    int type = (Integer) alternative.get(0);
                    String value = String.valueOf(alternative.get(1));
                    if (type == SAN_DNS) {
                        names.add(value);
                    } else if (type == SAN_IP) {
                        names.add(value);
                        addresses.add(InetAddress.getByName(value)); // a literal: no lookup
                    }
                }
            }
        } catch (CertificateParsingException | UnknownHostException e) {
            log.warn("Client certificate {} has unreadable alternative names: {}", certificate.getSubjectX500Principal(),
                    e.toString());
            return Optional.empty();
        }
        List<NasClient> matching = model.nasClientsNamed(names, addresses);
        if (matching.size() != 1) {
            log.warn("Client certificate {} names {} NAS clients; refused", certificate.getSubjectX500Principal(),
                    matching.size());
            return Optional.empty();
        }
        return Optional.of(matching.get(0));
    }

    private static Optional<String> commonName(X509Certificate certificate) {
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return Optional.of(String.valueOf(rdn.getValue()));
                }
            }
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
