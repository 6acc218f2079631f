package io.quern.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** {@code quern version}: the build's version, from the properties Maven filtered at build time. */
public final class VersionInfo {
  private VersionInfo() {}

  public static String version() {
    Properties p = new Properties();
    try (InputStream in = VersionInfo.class.getResourceAsStream("/quern-version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // fall through to "unknown"
    }
    return p.getProperty("version", "unknown");
  }

  public static void main(String[] args) {
    System.out.println("Quern " + version());
    System.out.println("Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
  }
}
