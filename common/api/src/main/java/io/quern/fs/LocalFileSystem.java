package io.quern.fs;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/** {@code file:} paths: the local disk through the same API as the DFS. */
public class LocalFileSystem extends FileSystem {
  private static final URI URI_ROOT = URI.create("file:///");

  @Override
  public URI getUri() {
    return URI_ROOT;
  }

  @Override
  public String getScheme() {
    return "file";
  }

  @Override
  public Path getHomeDirectory() {
    return makeQualified(new Path(System.getProperty("user.home")));
  }

  @Override
  public void initialize(URI uri, io.quern.conf.Configuration conf) throws IOException {
    setConf(conf);
    setWorkingDirectory(new Path(new File(System.getProperty("user.dir")).getAbsolutePath()));
  }

  @Override
  public Path makeQualified(Path p) {
    Path abs = p.isAbsolute() || getWorkingDirectory() == null ? p : new Path(getWorkingDirectory(), p);
    return new Path("file", null, abs.toUri().getPath());
  }

  public File pathToFile(Path p) {
    return new File(pathOf(p));
  }

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    File file = pathToFile(f);
    if (!file.isFile()) {
      throw new FileNotFoundException(file + (file.isDirectory() ? " is a directory" : " (No such file or directory)"));
    }
    return new FSDataInputStream(new LocalInputStream(file));
  }

  @Override
  public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication, long blockSize)
      throws IOException {
    File file = pathToFile(f);
    if (file.isDirectory()) {
      throw new io.quern.fs.FileAlreadyExistsException("Cannot create file " + f + ": it is a directory.");
    }
    if (file.exists() && !overwrite) {
      throw new io.quern.fs.FileAlreadyExistsException("File " + f + " already exists.");
    }
    File parent = file.getParentFile();
    if (parent != null && !parent.isDirectory() && !parent.mkdirs()) {
      throw new IOException("Cannot create directory " + parent + ".");
    }
    return new FSDataOutputStream(new LocalFileOutput(new FileOutputStream(file), 64 * 1024));
  }

  /** The disk holding {@code p} (or its nearest existing parent). */
  @Override
  public FsStatus getStatus(Path p) throws IOException {
    File file = pathToFile(p);
    while (file != null && !file.exists()) {
      file = file.getParentFile();
    }
    if (file == null) {
      throw new FileNotFoundException(pathToFile(p) + " (No such file or directory)");
    }
    long total = file.getTotalSpace();
    long free = file.getUsableSpace();
    return new FsStatus(total, total - file.getFreeSpace(), free);
  }

  @Override
  public FSDataOutputStream append(Path f) throws IOException {
    File file = pathToFile(f);
    if (!file.isFile()) {
      throw new FileNotFoundException(file + (file.isDirectory() ? " is a directory" : " (No such file or directory)"));
    }
    return new FSDataOutputStream(new LocalFileOutput(new FileOutputStream(file, true), 64 * 1024),
        file.length());
  }

  @Override
  public boolean delete(Path f, boolean recursive) throws IOException {
    File file = pathToFile(f);
    if (!file.exists()) {
      return false;
    }
    if (file.isDirectory()) {
      String[] children = file.list();
      if (children != null && children.length > 0 && !recursive) {
        throw new IOException("Directory " + f + " is not empty.");
      }
      deleteTree(file.toPath());
      return true;
    }
    return file.delete();
  }

  @Override
  public boolean rename(Path src, Path dst) throws IOException {
    File s = pathToFile(src);
    File d = pathToFile(dst);
    if (d.isDirectory()) {
      d = new File(d, s.getName());
    }
    if (!s.exists() || d.exists()) {
      return false;
    }
    try {
      Files.move(s.toPath(), d.toPath(), StandardCopyOption.ATOMIC_MOVE);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public boolean mkdirs(Path f) throws IOException {
    File file = pathToFile(f);
    if (file.isFile()) {
      throw new io.quern.fs.FileAlreadyExistsException("Cannot create directory " + f + ": it is a file.");
    }
    return file.isDirectory() || file.mkdirs();
  }

  @Override
  public FileStatus getFileStatus(Path f) throws IOException {
    File file = pathToFile(f);
    if (!file.exists()) {
      throw new FileNotFoundException("File " + f + " does not exist");
    }
    return status(file);
  }

  private FileStatus status(File file) {
    return new FileStatus(file.isDirectory() ? 0 : file.length(), file.isDirectory(), 1, getDefaultBlockSize(),
        file.lastModified(), System.getProperty("user.name"), makeQualified(new Path(file.getAbsolutePath())));
  }

  @Override
  public FileStatus[] listStatus(Path f) throws IOException {
    File file = pathToFile(f);
    if (!file.exists()) {
      throw new FileNotFoundException("File " + f + " does not exist");
    }
    if (file.isFile()) {
      return new FileStatus[] {status(file)};
    }
    File[] children = file.listFiles();
    if (children == null) {
      throw new IOException("Cannot list " + f + ".");
    }
    Arrays.sort(children);
    return Arrays.stream(children).map(this::status).toArray(FileStatus[]::new);
  }

  /**
   * A buffered, seekable reader of a local file.
   *
   * <p>Confined to the thread reading the stream (not thread-safe, as Hadoop's FSDataInputStream is).
   */
  private static final class LocalInputStream extends FSInputStream {
    private final RandomAccessFile file;
    private final byte[] buf = new byte[64 * 1024];
    private long bufStart;
    private int bufLen;
    private long pos;

    LocalInputStream(File f) throws IOException {
      this.file = new RandomAccessFile(f, "r");
    }

    @Override
    public void seek(long p) throws IOException {
      if (p < 0 || p > file.length()) {
        throw new java.io.EOFException("Cannot seek to " + p + " in a file of " + file.length() + " bytes.");
      }
      pos = p;
    }

    @Override
    public long getPos() {
      return pos;
    }

    @Override
    public long length() throws IOException {
      return file.length();
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (pos < bufStart || pos >= bufStart + bufLen) {
        file.seek(pos);
        bufStart = pos;
        bufLen = Math.max(0, file.read(buf, 0, buf.length));
        if (bufLen == 0) {
          return -1;
        }
      }
      int n = (int) Math.min(len, bufStart + bufLen - pos);
      System.arraycopy(buf, (int) (pos - bufStart), b, off, n);
      pos += n;
      return n;
    }

    @Override
    public void close() throws IOException {
      file.close();
    }
  }

  /** Deletes a directory and everything under it; links are deleted, never followed. */
  private static void deleteTree(java.nio.file.Path root) throws IOException {
    Files.walkFileTree(root, new java.nio.file.SimpleFileVisitor<>() {
      @Override
      public java.nio.file.FileVisitResult visitFile(java.nio.file.Path file,
          java.nio.file.attribute.BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return java.nio.file.FileVisitResult.CONTINUE;
      }

      @Override
      public java.nio.file.FileVisitResult postVisitDirectory(java.nio.file.Path dir, IOException e)
          throws IOException {
        if (e != null) {
          throw e;
        }
        Files.delete(dir);
        return java.nio.file.FileVisitResult.CONTINUE;
      }
    });
  }
}
