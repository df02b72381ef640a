/** profile-service settings and wiring; the field-error problem details shared by the features. */
package org.sra.profile.config;
