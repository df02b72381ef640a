/** HTTP pieces the features share: turning rule violations into problem details in the admin's language. */
package org.sra.device.web;
