package org.sra.auth.password;

/** A directory server did not answer, refused the connection, or timed out. */
class DirectoryUnavailableException extends RuntimeException {

    DirectoryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
