/**
 * CSV files in and out, as every import and export of the service handles them: uploads read
 * strictly (UTF-8, header, row limit, line numbers), dry-run and commit reports, downloads in
 * UTF-8 with a byte-order mark.
 */
package org.sra.directory.csv;
