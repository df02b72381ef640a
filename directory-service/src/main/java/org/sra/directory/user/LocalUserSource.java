package org.sra.directory.user;

import java.util.List;

/** The built-in directory of LOCAL tenants, as "add user" reads it. */
public interface LocalUserSource {

    List<DirectoryUser> users(String tenantId, String query);
}
