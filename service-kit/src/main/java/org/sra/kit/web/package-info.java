/** RFC 9457 problem details: one exception type for domain errors and one handler for all. */
package org.sra.kit.web;
