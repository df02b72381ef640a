package org.sra.profile.proxy;

/** Whether a tenant-wide setting applies to all profiles (also those created later) or to a chosen few. */
public enum Scope {
    ALL, SELECTED
}
