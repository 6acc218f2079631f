package io.quern.fs;

import io.quern.cli.Sizes;
import io.quern.conf.Configuration;
import io.quern.conf.Configured;
import io.quern.util.Tool;
import io.quern.util.ToolRunner;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;

/**
 * {@code quern fs}: Hadoop's file system shell for qfs: and file: paths. Each failure prints one
 * line such as {@code -ls: `/x': No such file or directory} and makes the exit status 1; the
 * remaining arguments are still processed, as in Hadoop.
 */
public class FsShell extends Configured implements Tool {
  private static final String USAGE = "Usage: quern fs [-D key=value] -ls [-R] PATH... | -mkdir [-p] PATH... "
      + "| -put [-f] LOCAL... DST | -get SRC LOCAL | -cat PATH... | -tail PATH | -rm [-r] PATH... "
      + "| -mv SRC... DST | -cp SRC... DST | -du [-s] [-h] PATH... | -stat [FORMAT] PATH... | -setrep [-w] N PATH... "
      + "| -chmod [-R] MODE PATH... | -chown [-R] OWNER[:GROUP] PATH... | -chgrp [-R] GROUP PATH...";

  private final PrintStream out;
  private final PrintStream err;
  private String cmd;
  private int status;

  public FsShell() {
    this(System.out, System.err);
  }

  public FsShell(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) throws Exception {
    int rc = ToolRunner.run(new Configuration(), new FsShell(), args);
    FileSystem.closeAll();
    System.exit(rc);
  }

  /** A problem with one argument: reported in one line, the command goes on with the next. */
  private static final class ArgException extends IOException {
    ArgException(String path, String problem) {
      super("`" + path + "': " + problem);
    }
  }

  @Override
  public int run(String[] args) throws Exception {
    if (args.length == 0) {
      err.println(USAGE);
      return 1;
    }
    cmd = args[0];
    List<String> rest = new ArrayList<>(Arrays.asList(args).subList(1, args.length));
    status = 0;
    try {
      switch (cmd) {
        case "-ls" -> ls(rest);
        case "-mkdir" -> mkdir(rest);
        case "-put", "-copyFromLocal" -> put(rest);
        case "-get", "-copyToLocal" -> get(rest);
        case "-cat" -> forEach(rest, this::cat);
        case "-tail" -> forEach(rest, this::tail);
        case "-rm" -> rm(rest);
        case "-mv" -> moveOrCopy(rest, true);
        case "-cp" -> moveOrCopy(rest, false);
        case "-du" -> du(rest);
        case "-stat" -> stat(rest);
        case "-setrep" -> setrep(rest);
        case "-chmod" -> chmod(rest);
        case "-chown" -> chown(rest, false);
        case "-chgrp" -> chown(rest, true);
        default -> {
          err.println(cmd + ": Unknown command");
          err.println(USAGE);
          return 1;
        }
      }
    } catch (IOException | RuntimeException e) {
      // A bad argument, an unreachable cluster or a missing secret: one sentence, exit 1.
      fail(e);
    }
    return status;
  }

  private void fail(Exception e) {
    status = 1;
    // A transport failure's own message spans nested causes; describe it in one sentence.
    String msg = e instanceof java.rmi.RemoteException ? io.quern.rpc.RpcErrors.describe(e) : e.getMessage();
    err.println(cmd + ": " + (msg == null ? e.getClass().getSimpleName() : msg));
    if (Boolean.getBoolean("quern.debug")) {
      e.printStackTrace(err);
    }
  }

  private interface PathAction {
    void apply(String arg) throws IOException;
  }

  private void forEach(List<String> args, PathAction action) throws IOException {
    forEach(args, true, action);
  }

  /** Runs {@code action} per argument; {@code glob} expands DFS wildcards first. */
  private void forEach(List<String> args, boolean glob, PathAction action) throws IOException {
    if (args.isEmpty()) {
      throw new IllegalArgumentException("missing path; " + USAGE);
    }
    for (String a : args) {
      try {
        for (String match : glob ? expand(a) : List.of(a)) {
          action.apply(match);
        }
      } catch (IOException e) {
        fail(e);
      }
    }
  }

  /** A glob argument becomes the paths it matches, as the shell would do for local files. */
  private List<String> expand(String arg) throws IOException {
    if (!GlobPattern.hasWildcard(arg)) {
      return List.of(arg);
    }
    Path p = path(arg);
    FileStatus[] matches = fs(p).globStatus(p);
    if (matches == null || matches.length == 0) {
      throw new ArgException(arg, "No such file or directory");
    }
    List<String> out = new java.util.ArrayList<>();
    for (FileStatus m : matches) {
      out.add(m.getPath().toString());
    }
    return out;
  }

  private static boolean flag(List<String> args, String f) {
    return args.remove(f);
  }

  private Path path(String arg) {
    return new Path(arg);
  }

  private FileSystem fs(Path p) throws IOException {
    return p.getFileSystem(getConf());
  }

  private FileStatus status(String arg) throws IOException {
    Path p = path(arg);
    try {
      return fs(p).getFileStatus(p);
    } catch (FileNotFoundException e) {
      throw new ArgException(arg, "No such file or directory");
    }
  }

  // ---- commands

  private void ls(List<String> args) throws IOException {
    boolean recursive = flag(args, "-R");
    if (args.isEmpty()) {
      args.add(".");
    }
    forEach(args, a -> {
      FileStatus st = status(a);
      FileSystem fs = fs(path(a));
      if (st.isDirectory()) {
        FileStatus[] children = fs.listStatus(st.getPath());
        if (!recursive) {
          out.println("Found " + children.length + " items");
        }
        listing(fs, children, recursive);
      } else {
        out.println(line(st));
      }
    });
  }

  private void listing(FileSystem fs, FileStatus[] items, boolean recursive) throws IOException {
    for (FileStatus s : items) {
      out.println(line(s));
      if (recursive && s.isDirectory()) {
        listing(fs, fs.listStatus(s.getPath()), true);
      }
    }
  }

  private static String line(FileStatus s) {
    String date = new SimpleDateFormat("yyyy-MM-dd HH:mm").format(new Date(s.getModificationTime()));
    return String.format("%s%s %3s %-10s %-10s %12d %s %s", s.isDirectory() ? "d" : "-", s.getPermission(),
        s.isDirectory() ? "-" : Short.toString(s.getReplication()), s.getOwner(), s.getGroup(), s.getLen(), date,
        s.getPath().toUri().getPath());
  }

  private void mkdir(List<String> args) throws IOException {
    boolean parents = flag(args, "-p");
    forEach(args, false, a -> {
      Path p = path(a);
      FileSystem fs = fs(p);
      if (fs.exists(p)) {
        if (!parents || !fs.isDirectory(p)) {
          throw new ArgException(a, "File exists");
        }
        return;
      }
      Path parent = p.getParent();
      if (!parents && parent != null && !fs.isDirectory(parent)) {
        throw new ArgException(a, "No such file or directory");
      }
      fs.mkdirs(p);
    });
  }

  private void put(List<String> args) throws IOException {
    boolean force = flag(args, "-f");
    if (args.size() < 2) {
      throw new IllegalArgumentException("needs LOCAL... DST");
    }
    Path dst = path(args.get(args.size() - 1));
    FileSystem dstFs = fs(dst);
    List<String> sources = args.subList(0, args.size() - 1);
    if (sources.size() > 1 && !dstFs.isDirectory(dst)) {
      throw new ArgException(dst.toString(), "Is not a directory");
    }
    LocalFileSystem local = FileSystem.getLocal(getConf());
    forEach(new ArrayList<>(sources), false, a -> {
      Path src = local.makeQualified(new Path(a));
      if (!local.exists(src)) {
        throw new ArgException(a, "No such file or directory");
      }
      copy(local, src, dstFs, target(dstFs, src, dst), force, false);
    });
  }

  private void get(List<String> args) throws IOException {
    if (args.size() < 2) {
      throw new IllegalArgumentException("needs SRC... LOCAL");
    }
    LocalFileSystem local = FileSystem.getLocal(getConf());
    Path dst = local.makeQualified(new Path(args.get(args.size() - 1)));
    forEach(new ArrayList<>(args.subList(0, args.size() - 1)), a -> {
      FileStatus st = status(a);
      copy(fs(st.getPath()), st.getPath(), local, target(local, st.getPath(), dst), false, false);
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
        throw new ArgException(src.toString(), "Cannot copy a directory into itself");
      }
      dstFs.mkdirs(dst);
      for (FileStatus c : srcFs.listStatus(src)) {
        copy(srcFs, c.getPath(), dstFs, new Path(dst, c.getPath().getName()), overwrite, quiet);
      }
      return;
    }
    if (dstFs.exists(dst) && !overwrite) {
      throw new ArgException(dst.toUri().getPath(), "File exists");
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
    private long done;
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
      err.printf("\r%-20.20s [%s%s] %3d%% %s/s ", name, "=".repeat(filled), " ".repeat(width - filled),
          total == 0 ? 100 : done * 100 / total, Sizes.human((long) (done / secs)));
    }

    void done() {
      if (show) {
        draw();
        err.println();
      }
    }
  }

  private void cat(String a) throws IOException {
    FileStatus st = status(a);
    if (st.isDirectory()) {
      throw new ArgException(a, "Is a directory");
    }
    try (InputStream in = fs(st.getPath()).open(st.getPath())) {
      in.transferTo(out);
    }
    out.flush();
  }

  private void tail(String a) throws IOException {
    FileStatus st = status(a);
    if (st.isDirectory()) {
      throw new ArgException(a, "Is a directory");
    }
    try (FSDataInputStream in = fs(st.getPath()).open(st.getPath())) {
      in.seek(Math.max(0, st.getLen() - 1024));
      in.transferTo(out);
    }
    out.flush();
  }

  private void rm(List<String> args) throws IOException {
    boolean recursive = flag(args, "-r") | flag(args, "-R");
    forEach(args, a -> {
      FileStatus st = status(a);
      if (st.isDirectory() && !recursive) {
        throw new ArgException(a, "Is a directory");
      }
      fs(st.getPath()).delete(st.getPath(), recursive);
      out.println("Deleted " + a);
    });
  }

  private void moveOrCopy(List<String> args, boolean move) throws IOException {
    if (args.size() < 2) {
      throw new IllegalArgumentException("needs SRC... DST");
    }
    Path dst = path(args.get(args.size() - 1));
    FileSystem dstFs = fs(dst);
    List<String> sources = new ArrayList<>(args.subList(0, args.size() - 1));
    if (sources.size() > 1 && !dstFs.isDirectory(dst)) {
      throw new ArgException(dst.toString(), "Is not a directory");
    }
    forEach(sources, a -> {
      FileStatus st = status(a);
      FileSystem srcFs = fs(st.getPath());
      Path to = target(dstFs, st.getPath(), dst);
      if (dstFs.exists(to)) {
        throw new ArgException(to.toUri().getPath(), "File exists");
      }
      if (move) {
        if (!srcFs.getScheme().equals(dstFs.getScheme())) {
          throw new ArgException(a, "Cannot move across file systems");
        }
        if (!srcFs.rename(st.getPath(), to)) {
          throw new ArgException(a, "Cannot rename to " + to.toUri().getPath());
        }
      } else {
        copy(srcFs, st.getPath(), dstFs, to, false, true);
      }
    });
  }

  private long size(FileSystem fs, FileStatus st) throws IOException {
    if (!st.isDirectory()) {
      return st.getLen();
    }
    long n = 0;
    for (FileStatus c : fs.listStatus(st.getPath())) {
      n += size(fs, c);
    }
    return n;
  }

  private void du(List<String> args) throws IOException {
    boolean summary = flag(args, "-s");
    boolean human = flag(args, "-h");
    if (args.isEmpty()) {
      args.add(".");
    }
    forEach(args, a -> {
      FileStatus st = status(a);
      FileSystem fs = fs(st.getPath());
      FileStatus[] items = summary || !st.isDirectory() ? new FileStatus[] {st} : fs.listStatus(st.getPath());
      for (FileStatus s : items) {
        long n = size(fs, s);
        out.printf("%-12s %s%n", human ? Sizes.human(n) : Long.toString(n), s.getPath().toUri().getPath());
      }
    });
  }

  private void stat(List<String> args) throws IOException {
    String format = args.size() > 1 && args.get(0).contains("%") ? args.remove(0) : "%y";
    forEach(args, a -> {
      FileStatus st = status(a);
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < format.length(); i++) {
        char c = format.charAt(i);
        if (c != '%' || i + 1 == format.length()) {
          b.append(c);
          continue;
        }
        char f = format.charAt(++i);
        switch (f) {
          case 'n' -> b.append(st.getPath().getName());
          case 'b' -> b.append(st.getLen());
          case 'r' -> b.append(st.getReplication());
          case 'o' -> b.append(st.getBlockSize());
          case 'u' -> b.append(st.getOwner());
          case 'F' -> b.append(st.isDirectory() ? "directory" : st.getLen() == 0 ? "regular empty file" : "regular file");
          case 'y' -> b.append(new SimpleDateFormat("yyyy-MM-dd HH:mm:ss").format(new Date(st.getModificationTime())));
          case 'Y' -> b.append(st.getModificationTime());
          default -> b.append('%').append(f);
        }
      }
      out.println(b);
    });
  }

  private void chmod(List<String> args) throws IOException {
    boolean recursive = flag(args, "-R");
    if (args.size() < 2) {
      throw new IllegalArgumentException("needs MODE PATH...");
    }
    io.quern.fs.permission.FsPermission mode = io.quern.fs.permission.FsPermission.valueOf(args.remove(0));
    forEach(args, a -> apply(status(a), recursive, st -> fs(st.getPath()).setPermission(st.getPath(), mode)));
  }

  /** {@code -chown OWNER[:GROUP]} or, with {@code groupOnly}, {@code -chgrp GROUP}. */
  private void chown(List<String> args, boolean groupOnly) throws IOException {
    boolean recursive = flag(args, "-R");
    if (args.size() < 2) {
      throw new IllegalArgumentException(groupOnly ? "needs GROUP PATH..." : "needs OWNER[:GROUP] PATH...");
    }
    String spec = args.remove(0);
    String owner;
    String group;
    if (groupOnly) {
      owner = null;
      group = spec;
    } else {
      int colon = spec.indexOf(':');
      owner = colon < 0 ? spec : spec.substring(0, colon);
      group = colon < 0 ? null : spec.substring(colon + 1);
      owner = owner.isEmpty() ? null : owner;
      group = group == null || group.isEmpty() ? null : group;
    }
    String name = "[A-Za-z0-9._@$-]+";
    if ((owner == null && group == null) || (owner != null && !owner.matches(name))
        || (group != null && !group.matches(name))) {
      throw new IllegalArgumentException("'" + spec + "' is not a valid " + (groupOnly ? "group" : "OWNER[:GROUP]"));
    }
    String o = owner;
    String g = group;
    forEach(args, a -> apply(status(a), recursive, st -> fs(st.getPath()).setOwner(st.getPath(), o, g)));
  }

  private interface StatusAction {
    void run(FileStatus st) throws IOException;
  }

  /** Runs {@code action} on {@code st} and, when recursive, on everything under it. */
  private void apply(FileStatus st, boolean recursive, StatusAction action) throws IOException {
    action.run(st);
    if (recursive && st.isDirectory()) {
      for (FileStatus c : fs(st.getPath()).listStatus(st.getPath())) {
        apply(c, true, action);
      }
    }
  }

  private void setrep(List<String> args) throws IOException {
    boolean wait = flag(args, "-w");
    if (args.size() < 2) {
      throw new IllegalArgumentException("needs N PATH...");
    }
    short rep;
    try {
      rep = Short.parseShort(args.remove(0));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("replication must be a number");
    }
    List<FileStatus> files = new ArrayList<>();
    forEach(args, a -> {
      FileStatus st = status(a);
      collectFiles(fs(st.getPath()), st, files);
    });
    for (FileStatus f : files) {
      fs(f.getPath()).setReplication(f.getPath(), rep);
      out.println("Replication " + rep + " set: " + f.getPath().toUri().getPath());
    }
    if (wait) {
      for (FileStatus f : files) {
        waitForReplication(f, rep);
      }
    }
  }

  private void collectFiles(FileSystem fs, FileStatus st, List<FileStatus> out) throws IOException {
    if (!st.isDirectory()) {
      out.add(st);
      return;
    }
    for (FileStatus c : fs.listStatus(st.getPath())) {
      collectFiles(fs, c, out);
    }
  }

  private void waitForReplication(FileStatus f, short rep) throws IOException {
    out.print("Waiting for " + f.getPath().toUri().getPath() + " ...");
    FileSystem fs = fs(f.getPath());
    while (true) {
      boolean done = true;
      for (BlockLocation b : fs.getFileBlockLocations(fs.getFileStatus(f.getPath()), 0, Long.MAX_VALUE)) {
        done &= b.getHosts().length == rep;
      }
      if (done) {
        out.println(" done");
        return;
      }
      out.print(".");
      out.flush();
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("Interrupted while waiting for replication.");
      }
    }
  }
}
