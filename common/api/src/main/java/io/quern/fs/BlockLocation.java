package io.quern.fs;

import java.util.Arrays;

/** Where one block of a file lives, as in Hadoop: hosts, host:port names and /rack/host:port paths. */
public class BlockLocation {
  // Immutable, the three arrays: copied in by the constructor and out by the getters.
  private final String[] names;
  private final String[] hosts;
  private final String[] topologyPaths;
  private final long offset;
  private final long length;
  private final boolean corrupt;

  public BlockLocation(String[] names, String[] hosts, String[] topologyPaths, long offset, long length,
      boolean corrupt) {
    this.names = names.clone();
    this.hosts = hosts.clone();
    this.topologyPaths = topologyPaths.clone();
    this.offset = offset;
    this.length = length;
    this.corrupt = corrupt;
  }

  public BlockLocation(String[] names, String[] hosts, long offset, long length) {
    this(names, hosts, new String[0], offset, length, false);
  }

  public String[] getHosts() {
    return hosts.clone();
  }

  public String[] getNames() {
    return names.clone();
  }

  public String[] getTopologyPaths() {
    return topologyPaths.clone();
  }

  public long getOffset() {
    return offset;
  }

  public long getLength() {
    return length;
  }

  public boolean isCorrupt() {
    return corrupt;
  }

  @Override
  public String toString() {
    return offset + "," + length + "," + Arrays.toString(hosts);
  }
}
