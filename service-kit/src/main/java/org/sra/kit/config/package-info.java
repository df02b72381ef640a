/** Auto-configuration of the kit and the defaults every SRA service starts from. */
package org.sra.kit.config;
