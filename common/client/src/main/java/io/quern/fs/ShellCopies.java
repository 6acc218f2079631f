package io.quern.fs;

import io.quern.cli.Sizes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code fs -put, -get, -cp, -mv, -moveFromLocal, -getmerge, -appendToFile}: copies between file
 * systems, with a progress bar at a terminal.
 */
final class ShellCopies {
  private final FsShell shell;

  ShellCopies(FsShell shell) {
    this.shell = shell;
  }

  /**
   * {@code -put}, or with {@code move} {@code -moveFromLocal}: each source deleted once copied. As
   * in Hadoop, {@code -put - DST} writes standard input to the file DST.
   */
  void put(List<String> args, boolean move, InputStream stdin) throws IOException {
    boolean force = FsShell.flag(args, "-f");
    if (args.size() < 2) {
      throw new IllegalArgumentException("needs LOCAL... DST");
    }
    Path dst = shell.path(args.get(args.size() - 1));
    FileSystem dstFs = shell.fs(dst);
    List<String> sources = args.subList(0, args.size() - 1);
    if (sources.contains("-")) {
      putStdin(sources, move, stdin, dstFs, dst, force);
      return;
    }
    if (sources.size() > 1 && !dstFs.isDirectory(dst)) {
      throw new FsShell.ArgException(dst.toString(), "Is not a directory");
    }
    LocalFileSystem local = FileSystem.getLocal(shell.getConf());
    shell.forEach(new ArrayList<>(sources), false, a -> {
      Path src = local.makeQualified(new Path(a));
      if (!local.exists(src)) {
        throw new FsShell.ArgException(a, "No such file or directory");
      }
      copy(local, src, dstFs, target(dstFs, src, dst), force, false);
      if (move && !local.delete(src, true)) {
        throw new FsShell.ArgException(a, "Copied, but cannot delete the local source");
      }
    });
  }

  /**
   * {@code -getmerge [-nl] [-skip-empty-file] SRC LOCALDST}: the files of a directory (or those a
   * glob matches), in name order, one after another into one local file; {@code -nl} puts a
   * newline after each.
   */
  void getmerge(List<String> args) throws IOException {
    boolean newline = FsShell.flag(args, "-nl");
    boolean skipEmpty = FsShell.flag(args, "-skip-empty-file");
    if (args.size() != 2) {
      throw new IllegalArgumentException("needs SRC LOCALDST");
    }
    List<FileStatus> files = new ArrayList<>();
    shell.forEach(new ArrayList<>(args.subList(0, 1)), a -> {
      FileStatus st = shell.status(a);
      if (!st.isDirectory()) {
        files.add(st);
        return;
      }
      for (FileStatus c : shell.fs(st.getPath()).listStatus(st.getPath())) {
        if (!c.isDirectory()) {
          files.add(c);
        }
      }
    });
    if (files.isEmpty()) {
      return;
    }
    LocalFileSystem local = FileSystem.getLocal(shell.getConf());
    Path dst = local.makeQualified(new Path(args.get(1)));
    if (local.isDirectory(dst)) {
      throw new FsShell.ArgException(args.get(1), "Is a directory");
    }
    try (OutputStream out = local.create(dst, true)) {
      for (FileStatus f : files) {
        if (skipEmpty && f.getLen() == 0) {
          continue;
        }
        try (InputStream in = shell.fs(f.getPath()).open(f.getPath())) {
          in.transferTo(out);
        }
        if (newline) {
          out.write('\n');
        }
      }
    }
  }

  private static void putStdin(List<String> sources, boolean move, InputStream stdin, FileSystem dstFs, Path dst,
      boolean force) throws IOException {
    if (sources.size() != 1 || move) {
      throw new IllegalArgumentException("- (standard input) must be the only source, and -moveFromLocal cannot move it");
    }
    if (dstFs.isDirectory(dst)) {
      throw new FsShell.ArgException(dst.toString(), "Is a directory");
    }
    if (!force && dstFs.exists(dst)) {
      throw new FsShell.ArgException(dst.toUri().getPath(), "File exists");
    }
    try (OutputStream out = dstFs.create(dst, force)) {
      stdin.transferTo(out);
    }
  }

  /**
   * {@code -appendToFile LOCAL... DST}: appends the local files ({@code -} is standard input)
   * to DST, creating it if missing.
   */
  void appendToFile(List<String> args, InputStream stdin) throws IOException {
    if (args.size() < 2) {
      throw new IllegalArgumentException("needs LOCAL... DST");
    }
    Path dst = shell.path(args.get(args.size() - 1));
    FileSystem dstFs = shell.fs(dst);
    LocalFileSystem local = FileSystem.getLocal(shell.getConf());
    List<String> sources = args.subList(0, args.size() - 1);
    for (String a : sources) {
      if (!a.equals("-") && !local.isFile(new Path(a))) {
        throw new FsShell.ArgException(a, local.exists(new Path(a)) ? "Is a directory" : "No such file or directory");
      }
    }
    FileStatus existing = dstFs.exists(dst) ? dstFs.getFileStatus(dst) : null;
    if (existing != null && existing.isDirectory()) {
      throw new FsShell.ArgException(args.get(args.size() - 1), "Is a directory");
    }
    try (OutputStream out = existing == null ? dstFs.create(dst, false) : dstFs.append(dst)) {
      for (String a : sources) {
        if (a.equals("-")) {
          stdin.transferTo(out);
        } else {
          try (InputStream in = local.open(new Path(a))) {
            in.transferTo(out);
          }
        }
      }
    }
  }

  void get(List<String> args) throws IOException {
    if (args.size() < 2) {
      throw new IllegalArgumentException("needs SRC... LOCAL");
    }
    LocalFileSystem local = FileSystem.getLocal(shell.getConf());
    Path dst = local.makeQualified(new Path(args.get(args.size() - 1)));
    shell.forEach(new ArrayList<>(args.subList(0, args.size() - 1)), a -> {
      FileStatus st = shell.status(a);
      copy(shell.fs(st.getPath()), st.getPath(), local, target(local, st.getPath(), dst), false, false);
    });
  }

  /** {@code dst} itself, or {@code dst/<name of src>} when dst is an existing directory. */
  private static Path target(FileSystem dstFs, Path src, Path dst) throws IOException {
    return dstFs.isDirectory(dst) ? new Path(dst, src.getName()) : dst;
  }

  private void copy(FileSystem srcFs, Path src, FileSystem dstFs, Path dst, boolean overwrite, boolean quiet)
      throws IOException {
    FileStatus st = srcFs.getFileStatus(src);
    if (st.isDirectory()) {
      if (dst.toString().startsWith(src + "/") && srcFs.getScheme().equals(dstFs.getScheme())) {
        throw new FsShell.ArgException(src.toString(), "Cannot copy a directory into itself");
      }
      dstFs.mkdirs(dst);
      for (FileStatus c : srcFs.listStatus(src)) {
        copy(srcFs, c.getPath(), dstFs, new Path(dst, c.getPath().getName()), overwrite, quiet);
      }
      return;
    }
    if (dstFs.exists(dst) && !overwrite) {
      throw new FsShell.ArgException(dst.toUri().getPath(), "File exists");
    }
    Progress progress = new Progress(st.getLen(), src.getName(), !quiet && System.console() != null
        && st.getLen() >= (8L << 20));
    try (InputStream in = srcFs.open(src); OutputStream o = dstFs.create(dst, overwrite)) {
      byte[] buf = new byte[1 << 20];
      int n;
      while ((n = in.read(buf)) > 0) {
        o.write(buf, 0, n);
        progress.add(n);
      }
    }
    progress.done();
  }

  /** A one-line progress bar on stderr for large copies at a terminal. */
  private final class Progress {
    private final long total;
    private final String name;
    private final boolean show;
    private final long start = System.nanoTime();
    /** Confined to the copying thread. */
    private long done;
    /** Confined to the copying thread. */
    private long lastDraw;

    Progress(long total, String name, boolean show) {
      this.total = total;
      this.name = name;
      this.show = show;
    }

    void add(long n) {
      done += n;
      long now = System.nanoTime();
      if (show && now - lastDraw > 200_000_000L) {
        lastDraw = now;
        draw();
      }
    }

    private void draw() {
      int width = 30;
      int filled = total == 0 ? width : (int) (width * done / total);
      double secs = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
      shell.err.printf("\r%-20.20s [%s%s] %3d%% %s/s ", name, "=".repeat(filled), " ".repeat(width - filled),
          total == 0 ? 100 : done * 100 / total, Sizes.human((long) (done / secs)));
    }

    void done() {
      if (show) {
        draw();
        shell.err.println();
      }
    }
  }

  void moveOrCopy(List<String> args, boolean move) throws IOException {
    if (args.size() < 2) {
      throw new IllegalArgumentException("needs SRC... DST");
    }
    Path dst = shell.path(args.get(args.size() - 1));
    FileSystem dstFs = shell.fs(dst);
    List<String> sources = new ArrayList<>(args.subList(0, args.size() - 1));
    if (sources.size() > 1 && !dstFs.isDirectory(dst)) {
      throw new FsShell.ArgException(dst.toString(), "Is not a directory");
    }
    shell.forEach(sources, a -> {
      FileStatus st = shell.status(a);
      FileSystem srcFs = shell.fs(st.getPath());
      Path to = target(dstFs, st.getPath(), dst);
      if (dstFs.exists(to)) {
        throw new FsShell.ArgException(to.toUri().getPath(), "File exists");
      }
      if (move) {
        if (!srcFs.getScheme().equals(dstFs.getScheme())) {
          throw new FsShell.ArgException(a, "Cannot move across file systems");
        }
        if (!srcFs.rename(st.getPath(), to)) {
          throw new FsShell.ArgException(a, "Cannot rename to " + to.toUri().getPath());
        }
      } else {
        copy(srcFs, st.getPath(), dstFs, to, false, true);
      }
    });
  }
}
