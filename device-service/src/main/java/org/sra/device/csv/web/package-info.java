/** HTTP adapter of the device CSV template, dry run, import and export (R-DEV-3). */
package org.sra.device.csv.web;
