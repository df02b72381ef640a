/** The admin API of profiles: list, connection switch, send, revoke, history, delete. */
package org.sra.profile.profile.web;
