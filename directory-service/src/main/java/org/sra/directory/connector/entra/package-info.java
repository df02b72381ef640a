/**
 * Microsoft Entra ID connector (R-SET-3, R-USR-1): MSAL4J for tokens (client credentials for
 * Microsoft Graph, resource-owner password credentials to check a password) and Graph
 * {@code /v1.0/users} over the JDK's HTTP client. No Spring here, like the AD connector.
 */
package org.sra.directory.connector.entra;
