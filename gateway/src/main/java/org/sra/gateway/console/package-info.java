/**
 * The admin console: static ES modules under {@code classpath:/static/} (no Node toolchain), one
 * page whose screens call the services through this gateway with the cookie session.
 */
package org.sra.gateway.console;
