package io.quern.mapreduce.filecache;

import java.util.Locale;

/** The archives a job may ship ({@code -archives}), told apart by their names as in Hadoop. */
public enum ArchiveFormat {
  ZIP, TAR, TAR_GZ;

  /** The format of the archive called {@code name}, or null when its name says none Quern unpacks. */
  public static ArchiveFormat of(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.endsWith(".zip") || n.endsWith(".jar")) {
      return ZIP;
    }
    if (n.endsWith(".tar.gz") || n.endsWith(".tgz")) {
      return TAR_GZ;
    }
    if (n.endsWith(".tar")) {
      return TAR;
    }
    return null;
  }

  /** The format of {@code name}, or one sentence saying which names are archives. */
  public static ArchiveFormat require(String name, String of) {
    ArchiveFormat f = of(name);
    if (f == null) {
      throw new IllegalArgumentException("cannot use " + of + " as an archive: its name ends in none of "
          + ".zip, .jar, .tar, .tar.gz, .tgz");
    }
    return f;
  }
}
