/** The six SRA services run as child JVMs from their built jars. */
package org.sra.local.services;
