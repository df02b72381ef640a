package org.sra.kit.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

import org.springframework.core.io.Resource;

/** Reads RSA keys from PEM files. */
public final class PemKeys {

    private PemKeys() {
    }

    public static RSAPublicKey publicKey(Resource pem) {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der(pem)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Not an RSA public key (X.509 PEM): " + pem.getDescription(), e);
        }
    }

    public static RSAPrivateKey privateKey(Resource pem) {
        try {
            return (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der(pem)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Not an RSA private key (PKCS#8 PEM): " + pem.getDescription(), e);
        }
    }

    private static byte[] der(Resource pem) {
        try {
            String text = pem.getContentAsString(StandardCharsets.US_ASCII);
            String base64 = text.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
            return Base64.getDecoder().decode(base64);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read key " + pem.getDescription(), e);
        }
    }
}
