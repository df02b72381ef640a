/** Names shared by the services that seal and open secrets carried in events or stored. */
package org.sra.events.secrets;
