/** Log correlation: tenant id and caller in the MDC next to the trace id. */
package org.sra.kit.logging;
