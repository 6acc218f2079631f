package io.quern.cli;

/** Human-readable byte counts for reports: 1.5 GiB. */
public final class Sizes {
  private Sizes() {}

  public static String human(long bytes) {
    if (bytes < 0) {
      return "n/a";
    }
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    double v = bytes;
    int u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return u == 0 ? bytes + " B" : String.format("%.1f %s", v, units[u]);
  }
}
