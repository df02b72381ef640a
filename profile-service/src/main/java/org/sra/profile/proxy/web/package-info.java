/** The admin API of the proxy setting and where it applies. */
package org.sra.profile.proxy.web;
