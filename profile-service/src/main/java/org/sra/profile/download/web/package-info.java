/** The public download endpoint and its "expired" page. */
package org.sra.profile.download.web;
