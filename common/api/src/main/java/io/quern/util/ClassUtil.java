package io.quern.util;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSource;

/** Where classes come from. */
public final class ClassUtil {
  private ClassUtil() {}

  /**
   * The local jar file {@code cls} was loaded from, or null when it came from a directory
   * or from somewhere that is not a local file (a custom class loader).
   */
  public static String findContainingJar(Class<?> cls) {
    CodeSource source = cls.getProtectionDomain().getCodeSource();
    URL location = source == null ? null : source.getLocation();
    if (location == null) {
      return null;
    }
    try {
      Path p = Path.of(location.toURI());
      return p.toString().endsWith(".jar") ? p.toString() : null;
    } catch (URISyntaxException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
      return null;
    }
  }
}
