package org.sra.events.settings;

/** Secrets whose expiry the platform watches (R-SET-4). */
public enum SecretKind {
    ENTRA_CLIENT_SECRET
}
