/** Local-segment access (R-LSG-1): the tenant's on/off switch and the profiles it applies to. */
package org.sra.profile.localsegment;
