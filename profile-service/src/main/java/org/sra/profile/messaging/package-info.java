/** Which events profile-service consumes and who handles them. */
package org.sra.profile.messaging;
