package io.quern.mapreduce.files;

import io.quern.io.LocalSeekableInput;
import io.quern.io.SeekableInput;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** {@link JobFiles} on the local file system, for local mode and tests. */
public final class LocalJobFiles implements JobFiles {
  public static final LocalJobFiles INSTANCE = new LocalJobFiles();
  /** Splits of local files are cut at this size, as if they were DFS blocks. */
  static final long BLOCK_SIZE = 32L << 20;

  private LocalJobFiles() {}

  static Path local(String path) {
    String p = path.startsWith("file://") ? path.substring(7) : path.startsWith("file:") ? path.substring(5) : path;
    return Path.of(p);
  }

  private static FileEntry entry(String path, Path p) throws IOException {
    boolean dir = Files.isDirectory(p);
    return new FileEntry(path, dir ? 0 : Files.size(p), dir, BLOCK_SIZE);
  }

  @Override
  public boolean exists(String path) {
    return Files.exists(local(path));
  }

  @Override
  public FileEntry status(String path) throws IOException {
    Path p = local(path);
    return Files.exists(p) ? entry(path, p) : null;
  }

  @Override
  public List<FileEntry> list(String path) throws IOException {
    Path p = local(path);
    if (!Files.isDirectory(p)) {
      return Files.exists(p) ? List.of(entry(path, p)) : List.of();
    }
    List<FileEntry> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
      for (Path child : ds) {
        String base = path.endsWith("/") ? path : path + "/";
        out.add(entry(base + child.getFileName(), child));
      }
    }
    out.sort(Comparator.comparing(FileEntry::path));
    return out;
  }

  @Override
  public SeekableInput open(String path) throws IOException {
    return new LocalSeekableInput(local(path));
  }

  @Override
  public OutputStream create(String path) throws IOException {
    Path p = local(path);
    if (p.getParent() != null) {
      Files.createDirectories(p.getParent());
    }
    return Files.newOutputStream(p);
  }

  @Override
  public boolean rename(String from, String to) throws IOException {
    Path src = local(from);
    Path dst = local(to);
    if (!Files.exists(src) || Files.exists(dst)) {
      return false;
    }
    if (dst.getParent() != null) {
      Files.createDirectories(dst.getParent());
    }
    try {
      Files.move(src, dst, StandardCopyOption.ATOMIC_MOVE);
      return true;
    } catch (FileAlreadyExistsException | NoSuchFileException e) {
      return false;
    }
  }

  @Override
  public boolean delete(String path, boolean recursive) throws IOException {
    Path p = local(path);
    if (!Files.exists(p)) {
      return false;
    }
    if (!recursive || !Files.isDirectory(p)) {
      Files.delete(p);
      return true;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      walk.sorted(Comparator.reverseOrder()).forEach(x -> {
        try {
          Files.deleteIfExists(x);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return true;
  }

  @Override
  public void mkdirs(String path) throws IOException {
    Files.createDirectories(local(path));
  }

  @Override
  public List<String> hosts(String path, long start, long length) {
    return List.of("localhost");
  }
}
