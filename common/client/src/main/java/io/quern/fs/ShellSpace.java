package io.quern.fs;

import io.quern.cli.Sizes;
import java.io.IOException;
import java.util.List;

/** {@code fs -count, -df}: how much a tree holds and how much room the file system has. */
final class ShellSpace {
  private final FsShell shell;

  ShellSpace(FsShell shell) {
    this.shell = shell;
  }

  /** Directories (the path itself included), files and bytes under a path. */
  private record Summary(long directories, long files, long bytes) {}

  private Summary summarize(FileSystem fs, FileStatus st) throws IOException {
    if (!st.isDirectory()) {
      return new Summary(0, 1, st.getLen());
    }
    long dirs = 1;
    long files = 0;
    long bytes = 0;
    for (FileStatus c : fs.listStatus(st.getPath())) {
      Summary s = summarize(fs, c);
      dirs += s.directories();
      files += s.files();
      bytes += s.bytes();
    }
    return new Summary(dirs, files, bytes);
  }

  /**
   * Hadoop's columns: {@code DIR_COUNT FILE_COUNT CONTENT_SIZE PATHNAME}, and with {@code -q}
   * the quota columns first ({@code none inf none inf}: Quern has no quotas).
   */
  void count(List<String> args) throws IOException {
    boolean quotas = FsShell.flag(args, "-q");
    boolean human = FsShell.flag(args, "-h");
    shell.forEach(args, a -> {
      FileStatus st = shell.status(a);
      Summary s = summarize(shell.fs(st.getPath()), st);
      StringBuilder line = new StringBuilder();
      if (quotas) {
        line.append(String.format("%12s %15s %15s %15s ", "none", "inf", "none", "inf"));
      }
      String size = human ? Sizes.human(s.bytes()) : Long.toString(s.bytes());
      line.append(String.format("%12d %12d %18s ", s.directories(), s.files(), size)).append(a);
      shell.out.println(line);
    });
  }

  /** {@code Filesystem Size Used Available Use%}, one line per path's file system. */
  void df(List<String> args) throws IOException {
    boolean human = FsShell.flag(args, "-h");
    if (args.isEmpty()) {
      args.add("/");
    }
    shell.out.printf("%-30s %15s %15s %15s %5s%n", "Filesystem", "Size", "Used", "Available", "Use%");
    shell.forEach(args, false, a -> {
      Path p = shell.path(a);
      FileSystem fs = shell.fs(p);
      FsStatus st = fs.getStatus(p);
      String name = fs.getUri().getScheme() + "://" + (fs.getUri().getAuthority() == null ? ""
          : fs.getUri().getAuthority());
      long percent = st.getCapacity() <= 0 ? 0 : Math.round(100.0 * st.getUsed() / st.getCapacity());
      shell.out.printf("%-30s %15s %15s %15s %4d%%%n", name, size(st.getCapacity(), human),
          size(st.getUsed(), human), size(st.getRemaining(), human), percent);
    });
  }

  private static String size(long bytes, boolean human) {
    return human ? Sizes.human(bytes) : Long.toString(bytes);
  }
}
