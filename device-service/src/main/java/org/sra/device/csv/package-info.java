/**
 * CSV import and export of devices (R-DEV-3): the template, a dry run that reports every bad
 * row, an all-or-nothing commit, and the export of a filtered list.
 */
package org.sra.device.csv;
