/**
 * The tenant's proxy setting (R-PXY-1), which profiles it applies to (R-PXY-2), the Android
 * restriction (R-PXY-3) and the connection rule of {@code CLIENT_SETTINGS}.
 */
package org.sra.profile.proxy;
