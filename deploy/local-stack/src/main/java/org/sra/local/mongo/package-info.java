/** The embedded MongoDB-wire-protocol store that keeps its data in an H2 file. */
package org.sra.local.mongo;
