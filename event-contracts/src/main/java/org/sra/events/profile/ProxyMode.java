package org.sra.events.profile;

/** How clients reach the web while connected (R-PXY-1). */
public enum ProxyMode {
    UNSELECTED, CLIENT_SETTINGS, MANAGEMENT, DENY
}
