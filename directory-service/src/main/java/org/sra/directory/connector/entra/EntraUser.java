package org.sra.directory.connector.entra;

/** A user as Graph lists them; {@code mail} may be null (rooms, accounts without a mailbox). */
public record EntraUser(String id, String displayName, String mail, String userPrincipalName, boolean accountEnabled) {
}
