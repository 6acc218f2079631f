package io.quern.cluster;

import java.util.Locale;

/** The kinds of daemon that register in ZooKeeper. */
public enum Role {
  NAMENODE,
  DATANODE,
  MASTER,
  WORKER;

  /** Lower-case name as used in znode paths, script names and reports. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role parse(String s) {
    return valueOf(s.trim().toUpperCase(Locale.ROOT));
  }
}
