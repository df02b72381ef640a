package org.sra.auth.readmodel;

/** A known headend with its opened shared secret; lives only in memory. */
public record NasClient(String nasClientId, String tenantId, String name, byte[] secret) {

    @Override
    public String toString() {
        return "NasClient[" + nasClientId + ", tenant " + tenantId + "]";
    }
}
