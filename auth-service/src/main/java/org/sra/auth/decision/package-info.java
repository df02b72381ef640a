/**
 * The connection decision of §6 as plain Java (R-AUT-2 … R-AUT-4): which checks run in which
 * order, which reason code a reject carries and what the end user reads. No framework here.
 */
package org.sra.auth.decision;
