package io.quern.mapreduce;

import java.io.Serializable;
import java.util.List;

/**
 * One input split of a job: its serialized form (class name + bytes, opaque to the master),
 * its length and the hosts holding its data, which is all the scheduler needs for locality.
 */
public record SplitInfo(int index, String splitClass, byte[] split, long length, List<String> hosts)
    implements Serializable {
  public SplitInfo {
    hosts = List.copyOf(hosts);
  }
}
