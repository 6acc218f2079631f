package io.quern.net;

import java.util.List;

/**
 * Maps host names or addresses to rack paths such as {@code /dc1/rack1}, Hadoop's topology
 * contract. A host the mapping does not know goes to {@link NetworkTopology#DEFAULT_RACK}.
 *
 * <p>Implementations never throw for a host they cannot map and never block longer than their
 * configured timeout: daemons call this while placing blocks and scheduling tasks.
 */
public interface DNSToSwitchMapping {
  /** One normalized rack path per host, in the order of {@code hosts}. */
  List<String> resolve(List<String> hosts);
}
