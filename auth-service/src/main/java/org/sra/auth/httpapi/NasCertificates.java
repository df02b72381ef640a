package org.sra.auth.httpapi;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.naming.NamingException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.sra.auth.readmodel.NasClient;
import org.sra.auth.readmodel.ReadModel;

/**
 * Which NAS client a verified client certificate names (the connector has already checked that
 * the configured CA issued it): the one whose <b>NAS client id</b> is the subject's common name.
 * The id is the registration's generated identifier (a lower-case UUID; an upper-case spelling
 * of it counts too), never the free-text name the operator typed, nor an address: a name is not unique
 * (two tenants' headends may both be "ASA-1") and an address in a certificate says where the
 * certificate claims to be, not which registration it belongs to. A certificate with no common
 * name, several, or one that is no live NAS client's id is refused, never guessed.
 */
@Component
class NasCertificates {

    private static final Logger log = LoggerFactory.getLogger(NasCertificates.class);

    private final ReadModel model;

    NasCertificates(ReadModel model) {
        this.model = model;
    }

    Optional<NasClient> nasClient(X509Certificate certificate) {
        List<String> commonNames = commonNames(certificate);
        if (commonNames.size() != 1) {
            log.warn("Client certificate {} has {} common names, not one NAS client id; refused",
                    certificate.getSubjectX500Principal(), commonNames.size());
            return Optional.empty();
        }
        String id = commonNames.getFirst().strip();
        Optional<NasClient> nas = model.nasClient(id);
        if (nas.isEmpty()) {
            nas = model.nasClient(id.toLowerCase(Locale.ROOT));
        }
        if (nas.isEmpty()) {
            log.warn("Client certificate {} names no registered NAS client id; refused",
                    certificate.getSubjectX500Principal());
        }
        return nas;
    }

    private static List<String> commonNames(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                // a multi-valued RDN (CN=a+CN=b) counts each value
                var attributes = rdn.toAttributes().get("CN");
                if (attributes != null) {
                    for (int i = 0; i < attributes.size(); i++) {
                        names.add(String.valueOf(attributes.get(i)));
                    }
                }
            }
        } catch (NamingException e) {
            return List.of();
        }
        return names;
    }
}
