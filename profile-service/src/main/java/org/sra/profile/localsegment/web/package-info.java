/** The admin API of local-segment access and where it applies. */
package org.sra.profile.localsegment.web;
