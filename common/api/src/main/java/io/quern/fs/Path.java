package io.quern.fs;

import io.quern.conf.Configuration;
import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * A file or directory name, as in Hadoop: an optional scheme and authority ({@code qfs:///a/b},
 * {@code file:///tmp/x}) and a slash-separated path, absolute or relative. Relative paths are
 * resolved by the file system against its working directory ({@code /user/<user.name>}).
 * Immutable; trailing and doubled slashes are removed.
 */
public final class Path implements Comparable<Path>, Serializable {
  public static final String SEPARATOR = "/";

  private final URI uri;

  public Path(String pathString) {
    if (pathString == null || pathString.isEmpty()) {
      throw new IllegalArgumentException("Can not create a Path from an empty string");
    }
    String scheme = null;
    String authority = null;
    String path = pathString;
    int colon = pathString.indexOf(':');
    int slash = pathString.indexOf('/');
    if (colon > 0 && (slash < 0 || colon < slash)) {
      scheme = pathString.substring(0, colon);
      path = pathString.substring(colon + 1);
      if (path.startsWith("//")) {
        int end = path.indexOf('/', 2);
        authority = end < 0 ? path.substring(2) : path.substring(2, end);
        path = end < 0 ? "/" : path.substring(end);
      }
    }
    this.uri = build(scheme, authority, normalize(path));
  }

  public Path(Path parent, String child) {
    this(parent, new Path(child));
  }

  public Path(String parent, String child) {
    this(new Path(parent), new Path(child));
  }

  public Path(String parent, Path child) {
    this(new Path(parent), child);
  }

  public Path(Path parent, Path child) {
    if (child.isAbsolute()) {
      this.uri = child.uri;
      return;
    }
    String p = parent.uri.getPath();
    String joined = p.endsWith("/") ? p + child.uri.getPath() : p + "/" + child.uri.getPath();
    this.uri = build(parent.uri.getScheme(), parent.uri.getAuthority(), normalize(joined));
  }

  public Path(URI uri) {
    this.uri = build(uri.getScheme(), uri.getAuthority(), normalize(uri.getPath() == null ? "/" : uri.getPath()));
  }

  public Path(String scheme, String authority, String path) {
    this.uri = build(scheme, authority, normalize(path));
  }

  private static URI build(String scheme, String authority, String path) {
    try {
      return new URI(scheme, authority == null || authority.isEmpty() ? null : authority, path, null, null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("Invalid path '" + path + "': " + e.getMessage(), e);
    }
  }

  private static String normalize(String path) {
    if (path.isEmpty()) {
      return path;
    }
    String p = path.replaceAll("/+", "/");
    if (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }

  public URI toUri() {
    return uri;
  }

  public boolean isAbsolute() {
    return uri.getPath().startsWith("/");
  }

  public boolean isRoot() {
    return uri.getPath().equals("/");
  }

  /** The last component; empty for the root. */
  public String getName() {
    String p = uri.getPath();
    return p.substring(p.lastIndexOf('/') + 1);
  }

  /** The parent, or null for the root (and for a relative single component). */
  public Path getParent() {
    String p = uri.getPath();
    int last = p.lastIndexOf('/');
    if (p.equals("/") || (last < 0)) {
      return null;
    }
    String parent = last == 0 ? "/" : p.substring(0, last);
    return new Path(uri.getScheme(), uri.getAuthority(), parent);
  }

  public Path suffix(String suffix) {
    return new Path(uri.getScheme(), uri.getAuthority(), uri.getPath() + suffix);
  }

  public int depth() {
    String p = uri.getPath();
    if (p.equals("/")) {
      return 0;
    }
    return (int) p.chars().filter(c -> c == '/').count() + (isAbsolute() ? 0 : 1);
  }

  public FileSystem getFileSystem(Configuration conf) throws IOException {
    return FileSystem.get(uri.getScheme() == null ? FileSystem.getDefaultUri(conf) : uri, conf);
  }

  /** Adds the scheme and authority of {@code fs} and resolves against its working directory. */
  public Path makeQualified(FileSystem fs) {
    return fs.makeQualified(this);
  }

  /**
   * Resolves this path against {@code workingDir} when relative, and gives it the scheme and
   * authority of {@code defaultUri} when it has none (Hadoop's form, for code that holds a file
   * system's URI and working directory rather than the file system).
   */
  public Path makeQualified(URI defaultUri, Path workingDir) {
    Path abs = isAbsolute() ? this : new Path(workingDir, this);
    URI u = abs.uri;
    if (u.getScheme() != null && (u.getAuthority() != null || defaultUri.getAuthority() == null
        || !u.getScheme().equalsIgnoreCase(defaultUri.getScheme()))) {
      return abs;
    }
    String scheme = u.getScheme() != null ? u.getScheme() : defaultUri.getScheme();
    String authority = u.getAuthority() != null ? u.getAuthority() : defaultUri.getAuthority();
    return new Path(scheme, authority, u.getPath());
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    if (uri.getScheme() != null) {
      b.append(uri.getScheme()).append(':');
      if (uri.getAuthority() != null || isAbsolute()) {
        b.append("//");
        if (uri.getAuthority() != null) {
          b.append(uri.getAuthority());
        }
      }
    }
    b.append(uri.getPath());
    return b.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Path p && uri.equals(p.uri);
  }

  @Override
  public int hashCode() {
    return uri.hashCode();
  }

  @Override
  public int compareTo(Path o) {
    return uri.compareTo(o.uri);
  }
}
