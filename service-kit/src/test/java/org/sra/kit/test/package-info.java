/** Test fixtures every service's tests reuse (shipped in the service-kit test-jar). */
package org.sra.kit.test;
