package io.quern.mapreduce.filecache;

import io.quern.mapreduce.MapredKeys;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Unpacks a job's archive (zip or jar, tar, tar.gz or tgz) into a directory that must not exist
 * yet, refusing any entry that would land outside it: a name with a {@code ..} component or an
 * absolute one, a hard link to such a name, or a symbolic link that leads out of the directory,
 * even through other links of the archive. Symbolic links are made after every file, so that no
 * file of the archive is ever written through one. Files keep their execute bit and lose every
 * write bit and every bit for others (the archive serves every attempt of the job on the host);
 * directories are their owner's alone, so that whoever deletes the job's files may.
 */
public final class ArchiveUnpacker {
  /** Links followed at most while checking where a link leads, as the kernel's limit. */
  private static final int MAX_LINKS = 40;
  private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("r--------");
  private static final Set<PosixFilePermission> EXEC_MODE = PosixFilePermissions.fromString("r-x------");

  /**
   * How much one archive may unpack to: bytes of its files and number of its entries. A few
   * kilobytes of zip can hold terabytes of zeros or millions of empty files, and the worker's
   * disk is every job's.
   */
  public record Limits(long maxBytes, long maxEntries) {
    public static final String MAX_BYTES_KEY = MapredKeys.ARCHIVE_MAX_UNPACKED_BYTES.name();
    public static final String MAX_ENTRIES_KEY = MapredKeys.ARCHIVE_MAX_ENTRIES.name();
    public static final Limits DEFAULT = new Limits(10L << 30, 1_000_000);

    public static Limits of(io.quern.conf.Configuration conf) {
      long bytes = MapredKeys.ARCHIVE_MAX_UNPACKED_BYTES.getBytes(conf);
      long entries = MapredKeys.ARCHIVE_MAX_ENTRIES.getLong(conf);
      if (bytes <= 0) {
        throw conf.bad(MAX_BYTES_KEY, String.valueOf(bytes), "a positive size");
      }
      if (entries <= 0) {
        throw conf.bad(MAX_ENTRIES_KEY, String.valueOf(entries), "a positive number");
      }
      return new Limits(bytes, entries);
    }
  }

  // Confined to the thread that unpacks (an unpacker lives within one unpack call), as is all state below.
  private final Path root;
  private final String archiveName;
  private final Limits limits;
  private final List<String[]> symlinks = new ArrayList<>();
  private long bytes;
  private long entries;

  private ArchiveUnpacker(Path root, String archiveName, Limits limits) {
    this.root = root;
    this.archiveName = archiveName;
    this.limits = limits;
  }

  /** Unpacks {@code archive}, of {@code format}, into the new directory {@code target}, within the default limits. */
  public static void unpack(Path archive, ArchiveFormat format, Path target, String archiveName) throws IOException {
    unpack(archive, format, target, archiveName, Limits.DEFAULT);
  }

  /**
   * Unpacks {@code archive}, of {@code format}, into the new directory {@code target}; fails with
   * one sentence once it would pass {@code limits} (what was unpacked stays for the caller to delete).
   */
  public static void unpack(Path archive, ArchiveFormat format, Path target, String archiveName, Limits limits)
      throws IOException {
    Files.createDirectory(target);
    Files.setPosixFilePermissions(target, DIR_MODE);
    ArchiveUnpacker u = new ArchiveUnpacker(target.toAbsolutePath().normalize(), archiveName, limits);
    switch (format) {
      case ZIP -> u.unzip(archive);
      case TAR -> u.untar(Files.newInputStream(archive));
      case TAR_GZ -> u.untar(new GZIPInputStream(Files.newInputStream(archive), 1 << 16));
      default -> throw new IllegalArgumentException(format.toString());
    }
    u.makeSymlinks();
  }

  private void unzip(Path archive) throws IOException {
    try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
      Enumeration<ZipArchiveEntry> entries = zip.getEntriesInPhysicalOrder();
      while (entries.hasMoreElements()) {
        ZipArchiveEntry e = entries.nextElement();
        countEntry(e.getName());
        if (e.isUnixSymlink()) {
          symlinks.add(new String[] {e.getName(), zip.getUnixSymlink(e)});
        } else if (e.isDirectory()) {
          directory(e.getName());
        } else {
          try (InputStream in = zip.getInputStream(e)) {
            file(e.getName(), in, (e.getUnixMode() & 0111) != 0);
          }
        }
      }
    }
  }

  private void untar(InputStream raw) throws IOException {
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new BufferedInputStream(raw, 1 << 16))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        countEntry(e.getName());
        if (e.isSymbolicLink()) {
          symlinks.add(new String[] {e.getName(), e.getLinkName()});
        } else if (e.isLink()) {
          // A hard link names an earlier entry: copied, so that the copy is the archive's own file.
          Path from = inside(e.getLinkName());
          if (!Files.isRegularFile(from, LinkOption.NOFOLLOW_LINKS)) {
            throw refused(e.getName(), "a hard link to " + e.getLinkName() + ", which is no earlier file of it");
          }
          Path to = inside(e.getName());
          replaceable(to);
          countBytes(e.getName(), Files.size(from));
          Files.copy(from, to, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        } else if (e.isDirectory()) {
          directory(e.getName());
        } else if (e.isFile()) {
          file(e.getName(), tar, (e.getMode() & 0111) != 0);
        }
        // Devices, fifos and the like are no job's data: skipped, as Hadoop's unpacking does.
      }
    }
  }

  private void directory(String name) throws IOException {
    Path dir = inside(name);
    makeParents(dir);
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectory(dir);
      Files.setPosixFilePermissions(dir, DIR_MODE);
    }
  }

  private void file(String name, InputStream in, boolean executable) throws IOException {
    Path file = inside(name);
    makeParents(file);
    replaceable(file);
    // CREATE_NEW never follows a link at the name: no file is written anywhere but here.
    try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
        LinkOption.NOFOLLOW_LINKS)) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        countBytes(name, n);
        out.write(buf, 0, n);
      }
    }
    Files.setPosixFilePermissions(file, executable ? EXEC_MODE : FILE_MODE);
  }

  /** An entry's name again (archives may hold a name twice): the later one wins, as with tar. */
  private void replaceable(Path p) throws IOException {
    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      throw refused(root.relativize(p).toString(), "both a directory and a file or link");
    }
    Files.deleteIfExists(p);
  }

  /** Makes the entry's missing parent directories: archives need not list them. */
  private void makeParents(Path p) throws IOException {
    Deque<Path> missing = new ArrayDeque<>();
    for (Path d = p.getParent(); d != null && !d.equals(root) && !Files.exists(d, LinkOption.NOFOLLOW_LINKS);
        d = d.getParent()) {
      missing.push(d);
    }
    for (Path d : missing) {
      Files.createDirectory(d);
      Files.setPosixFilePermissions(d, DIR_MODE);
    }
  }

  /** Where entry {@code name} goes; refused when absolute or when it has a {@code ..} component. */
  private Path inside(String name) throws IOException {
    String n = name;
    if (n.startsWith("/") || n.contains("\\") || n.contains("\0")) {
      throw refused(name, "an absolute or unusual name");
    }
    List<String> parts = new ArrayList<>();
    for (String part : n.split("/")) {
      if (part.equals("..")) {
        throw refused(name, "a name that climbs out of the directory");
      }
      if (!part.isEmpty() && !part.equals(".")) {
        parts.add(part);
      }
    }
    if (parts.isEmpty()) {
      return root;
    }
    Path p = root.resolve(String.join("/", parts));
    // No directory on the way may be a link: files are written before links are made, but a
    // name may repeat an earlier one.
    for (Path d = p.getParent(); d != null && !d.equals(root); d = d.getParent()) {
      if (Files.isSymbolicLink(d)) {
        throw refused(name, "a name that goes through a link");
      }
    }
    return p;
  }

  /** Makes the archive's symbolic links, then checks that none leads out of the directory. */
  private void makeSymlinks() throws IOException {
    List<Path> made = new ArrayList<>();
    for (String[] link : symlinks) {
      String target = link[1];
      if (target.isEmpty() || target.startsWith("/") || target.contains("\0")) {
        throw refused(link[0], "a link to the absolute path " + target);
      }
      Path at = inside(link[0]);
      makeParents(at);
      replaceable(at);
      Files.createSymbolicLink(at, Path.of(target));
      made.add(at);
    }
    for (Path at : made) {
      if (leadsOut(at)) {
        throw refused(root.relativize(at).toString(), "a link to " + Files.readSymbolicLink(at)
            + ", which leads out of the directory");
      }
    }
  }

  /**
   * Whether following {@code link} (and every link it leads through) ends outside the root:
   * resolved one name at a time, as the kernel would, whether or not the end exists.
   */
  private boolean leadsOut(Path link) throws IOException {
    Deque<String> todo = new ArrayDeque<>();
    pushAll(todo, root.relativize(link).toString());
    List<String> at = new ArrayList<>(); // components below the root
    int followed = 0;
    while (!todo.isEmpty()) {
      String part = todo.pop();
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (at.isEmpty()) {
          return true;
        }
        at.remove(at.size() - 1);
        continue;
      }
      Path here = root.resolve(String.join("/", at)).resolve(part);
      if (Files.isSymbolicLink(here)) {
        if (++followed > MAX_LINKS) {
          return true;
        }
        String target = Files.readSymbolicLink(here).toString();
        if (target.startsWith("/")) {
          return true;
        }
        pushAll(todo, target);
      } else {
        at.add(part);
      }
    }
    return false;
  }

  private static void pushAll(Deque<String> todo, String path) {
    String[] parts = path.split("/");
    for (int i = parts.length - 1; i >= 0; i--) {
      todo.push(parts[i]);
    }
  }

  private void countEntry(String name) throws IOException {
    if (++entries > limits.maxEntries()) {
      throw new IOException("the archive " + archiveName + " holds more than " + limits.maxEntries()
          + " entries (at " + name + "), more than " + Limits.MAX_ENTRIES_KEY + " allows; refusing to unpack it");
    }
  }

  private void countBytes(String name, long n) throws IOException {
    bytes += n;
    if (bytes > limits.maxBytes()) {
      throw new IOException("the archive " + archiveName + " unpacks to more than " + limits.maxBytes()
          + " bytes (at " + name + "), more than " + Limits.MAX_BYTES_KEY + " allows; refusing to unpack it");
    }
  }

  private IOException refused(String entry, String why) {
    return new IOException("the archive " + archiveName + " holds " + entry + ", " + why + "; refusing to unpack it");
  }
}
