/** The mail catcher: an SMTP server that keeps every mail and a page that shows them. */
package org.sra.local.mail;
