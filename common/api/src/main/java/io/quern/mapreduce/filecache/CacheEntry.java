package io.quern.mapreduce.filecache;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * One entry of a job's distributed cache as the configuration spells it, {@code URI[#name]}:
 * the file or archive, and the name under which each task finds it in its working directory
 * (the fragment, else the file's own name). A name is one path component, never {@code .} or
 * {@code ..}: it is made inside the task's directory and must stay there.
 */
public record CacheEntry(URI source, String linkName) {
  public CacheEntry {
    checkName(linkName, source.toString());
  }

  /** Parses {@code URI[#name]}; a URI without scheme is a path (of the default file system). */
  public static CacheEntry parse(String spec) {
    URI uri;
    try {
      uri = new URI(spec.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("the cache entry '" + spec + "' is not a URI: " + e.getMessage());
    }
    String fragment = uri.getFragment();
    URI source = withoutFragment(uri);
    String path = source.getPath();
    if (path == null || path.isEmpty() || path.endsWith("/")) {
      throw new IllegalArgumentException("the cache entry '" + spec + "' names no file");
    }
    return new CacheEntry(source, fragment != null ? fragment : baseName(path));
  }

  /** The entries of a comma-separated configuration value. */
  public static List<CacheEntry> parseAll(Collection<String> specs) {
    List<CacheEntry> out = new ArrayList<>();
    for (String s : specs) {
      if (!s.isBlank()) {
        out.add(parse(s));
      }
    }
    return out;
  }

  /** Whether the name was given as a fragment rather than taken from the file. */
  public boolean named() {
    return !linkName.equals(baseName(source.getPath()));
  }

  /** {@code URI#name} when the name differs from the file's, else the URI: as the configuration holds it. */
  public String toSpec() {
    return named() ? withFragment(source, linkName).toString() : source.toString();
  }

  /** The URI with the name as its fragment when one was given, as Hadoop's getCacheFiles returns it. */
  public URI toUri() {
    return named() ? withFragment(source, linkName) : source;
  }

  /** The same entry from another place (a staged copy), keeping its name. */
  public CacheEntry movedTo(URI newSource) {
    return new CacheEntry(withoutFragment(newSource), linkName);
  }

  /** Refuses a name that is not a single, ordinary path component. */
  public static void checkName(String name, String of) {
    if (name == null || name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("/")
        || name.contains("\0")) {
      throw new IllegalArgumentException("the cache entry " + of + " would be linked as '" + name
          + "' in the task's working directory; a link name must be one path component, not . or ..");
    }
  }

  /** How a message names a file: a local one by its path, others as {@code qfs://AUTHORITY/PATH}. */
  public static String shown(URI uri) {
    if (uri.getScheme() == null) {
      return uri.getPath();
    }
    if ("file".equalsIgnoreCase(uri.getScheme())) {
      return uri.getPath();
    }
    return uri.getScheme() + "://" + (uri.getAuthority() == null ? "" : uri.getAuthority()) + uri.getPath();
  }

  static String baseName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private static URI withoutFragment(URI uri) {
    try {
      return new URI(uri.getScheme(), uri.getAuthority(), uri.getPath(), uri.getQuery(), null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static URI withFragment(URI uri, String fragment) {
    try {
      return new URI(uri.getScheme(), uri.getAuthority(), uri.getPath(), uri.getQuery(), fragment);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}
