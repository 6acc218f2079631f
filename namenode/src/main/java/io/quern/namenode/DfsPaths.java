package io.quern.namenode;

import io.quern.protocol.dfs.InvalidPathException;
import java.util.ArrayList;
import java.util.List;

/** Validation and splitting of the absolute paths the NameNode accepts. */
final class DfsPaths {
  private DfsPaths() {}

  /** The components of {@code path}; the root has none. */
  static List<String> components(String path) throws InvalidPathException {
    if (path == null || !path.startsWith("/")) {
      throw new InvalidPathException("Path '" + path + "' is not absolute.");
    }
    List<String> out = new ArrayList<>();
    if (path.equals("/")) {
      return out;
    }
    String body = path.endsWith("/") ? path.substring(1, path.length() - 1) : path.substring(1);
    for (String c : body.split("/", -1)) {
      if (c.isEmpty()) {
        throw new InvalidPathException("Path '" + path + "' has an empty component.");
      }
      if (c.equals(".") || c.equals("..")) {
        throw new InvalidPathException("Path '" + path + "' has a '" + c + "' component.");
      }
      if (c.indexOf(':') >= 0 || c.indexOf('\0') >= 0) {
        throw new InvalidPathException("Path '" + path + "' has a component containing ':' or NUL.");
      }
      out.add(c);
    }
    return out;
  }

  static String join(List<String> components) {
    return components.isEmpty() ? "/" : "/" + String.join("/", components);
  }

  /** The normalized form of a valid path (no trailing slash). */
  static String normalize(String path) throws InvalidPathException {
    return join(components(path));
  }
}
