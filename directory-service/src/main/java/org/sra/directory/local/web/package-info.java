/** HTTP adapter of the built-in directory (LOCAL). */
package org.sra.directory.local.web;
