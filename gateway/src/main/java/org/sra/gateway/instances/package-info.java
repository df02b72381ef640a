/**
 * Several instances of a service behind one route: {@code sra.gateway.instances.<service>} lists
 * them and {@link org.sra.gateway.instances.ServiceInstancesFilter} takes them in turn.
 */
package org.sra.gateway.instances;
