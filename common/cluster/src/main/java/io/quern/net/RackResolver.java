package io.quern.net;

import io.quern.conf.Configuration;
import java.util.Collections;
import java.util.List;

/**
 * The rack of a host as configured: the topology script if {@code net.topology.script.file.name}
 * is set, else the table of {@code net.topology.table.file.name}, else {@link
 * NetworkTopology#DEFAULT_RACK} for every host. Script and table answers are cached.
 */
public final class RackResolver {
  private final DNSToSwitchMapping mapping;

  public RackResolver(DNSToSwitchMapping mapping) {
    this.mapping = mapping;
  }

  public static RackResolver create(Configuration conf) {
    return new RackResolver(fromConf(conf));
  }

  /** The cached script or table mapping the configuration names, or the all-default one. */
  public static DNSToSwitchMapping fromConf(Configuration conf) {
    if (conf.getTrimmed(ScriptBasedMapping.SCRIPT_KEY) != null) {
      return new CachedDNSToSwitchMapping(ScriptBasedMapping.fromConf(conf));
    }
    if (conf.getTrimmed(TableMapping.TABLE_KEY) != null) {
      return new CachedDNSToSwitchMapping(TableMapping.fromConf(conf));
    }
    return hosts -> Collections.nCopies(hosts.size(), NetworkTopology.DEFAULT_RACK);
  }

  public String rackOf(String host) {
    return mapping.resolve(List.of(host)).get(0);
  }

  public DNSToSwitchMapping mapping() {
    return mapping;
  }
}
