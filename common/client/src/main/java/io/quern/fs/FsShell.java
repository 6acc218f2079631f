package io.quern.fs;

import io.quern.cli.Sizes;
import io.quern.conf.Configuration;
import io.quern.conf.Configured;
import io.quern.util.Tool;
import io.quern.util.ToolRunner;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;

/**
 * {@code quern fs}: Hadoop's file system shell for qfs: (also spelt hdfs:) and file: paths. Each failure prints one
 * line such as {@code -ls: `/x': No such file or directory} and makes the exit status 1; the
 * remaining arguments are still processed, as in Hadoop.
 */
public class FsShell extends Configured implements Tool {
  private static final String USAGE = "Usage: quern fs [-D key=value] -ls [-R] PATH... | -mkdir [-p] PATH... "
      + "| -put [-f] LOCAL...|- DST | -moveFromLocal LOCAL... DST | -get|-copyToLocal SRC LOCAL "
      + "| -getmerge [-nl] SRC LOCALDST | -appendToFile LOCAL... DST | -cat PATH... | -text PATH... | -tail PATH "
      + "| -touchz PATH... | -test -e|-d|-f|-z|-s PATH | -rm [-r] [-f] [-skipTrash] PATH... "
      + "| -mv SRC... DST | -cp SRC... DST | -du [-s] [-h] PATH... | -count [-q] [-h] PATH... | -df [-h] [PATH...] "
      + "| -stat [FORMAT] PATH... | -setrep [-w] N PATH... "
      + "| -chmod [-R] MODE PATH... | -chown [-R] OWNER[:GROUP] PATH... | -chgrp [-R] GROUP PATH...";

  /** Thread-safe (PrintStream). */
  final PrintStream out;
  /** Thread-safe (PrintStream). */
  final PrintStream err;
  /** Confined: a shell runs its command on one thread; so do cmd and status. */
  private final InputStream in;
  private final ShellCopies copies = new ShellCopies(this);
  private final ShellAttributes attributes = new ShellAttributes(this);
  private final ShellText text = new ShellText(this);
  private final ShellSpace space = new ShellSpace(this);
  /** Confined to the command's thread. */
  private String cmd;
  /** Confined to the command's thread. */
  private int status;

  public FsShell() {
    this(System.out, System.err);
  }

  public FsShell(PrintStream out, PrintStream err) {
    this(System.in, out, err);
  }

  /** @param in what {@code -put -} and {@code -appendToFile -} read */
  public FsShell(InputStream in, PrintStream out, PrintStream err) {
    this.in = in;
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) throws Exception {
    int rc = ToolRunner.run(new Configuration(), new FsShell(), args);
    FileSystem.closeAll();
    System.exit(rc);
  }

  /** A problem with one argument: reported in one line, the command goes on with the next. */
  static final class ArgException extends IOException {
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
        case "-put", "-copyFromLocal" -> copies.put(rest, false, in);
        case "-moveFromLocal" -> copies.put(rest, true, in);
        case "-get", "-copyToLocal" -> copies.get(rest);
        case "-getmerge" -> copies.getmerge(rest);
        case "-appendToFile" -> copies.appendToFile(rest, in);
        case "-cat" -> forEach(rest, this::cat);
        case "-text" -> forEach(rest, text::text);
        case "-tail" -> forEach(rest, this::tail);
        case "-touchz" -> forEach(rest, false, this::touchz);
        case "-test" -> {
          return test(rest);
        }
        case "-rm" -> rm(rest);
        case "-count" -> space.count(rest);
        case "-df" -> space.df(rest);
        case "-mv" -> copies.moveOrCopy(rest, true);
        case "-cp" -> copies.moveOrCopy(rest, false);
        case "-du" -> du(rest);
        case "-stat" -> stat(rest);
        case "-setrep" -> attributes.setrep(rest);
        case "-chmod" -> attributes.chmod(rest);
        case "-chown" -> attributes.chown(rest, false);
        case "-chgrp" -> attributes.chown(rest, true);
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

  interface PathAction {
    void apply(String arg) throws IOException;
  }

  void forEach(List<String> args, PathAction action) throws IOException {
    forEach(args, true, action);
  }

  /** Runs {@code action} per argument; {@code glob} expands DFS wildcards first. */
  void forEach(List<String> args, boolean glob, PathAction action) throws IOException {
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

  static boolean flag(List<String> args, String f) {
    return args.remove(f);
  }

  Path path(String arg) {
    return new Path(arg);
  }

  FileSystem fs(Path p) throws IOException {
    return p.getFileSystem(getConf());
  }

  FileStatus status(String arg) throws IOException {
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

  /** {@code -test -e|-d|-f|-z|-s PATH}: answers in the exit status only, as in Hadoop. */
  private int test(List<String> args) throws IOException {
    if (args.size() != 2 || !List.of("-e", "-d", "-f", "-z", "-s").contains(args.get(0))) {
      throw new IllegalArgumentException("needs one of -e, -d, -f, -z, -s and one PATH");
    }
    Path p = path(args.get(1));
    FileStatus st;
    try {
      st = fs(p).getFileStatus(p);
    } catch (FileNotFoundException e) {
      return 1;
    }
    boolean yes = switch (args.get(0)) {
      case "-d" -> st.isDirectory();
      case "-f" -> st.isFile();
      case "-z" -> st.getLen() == 0;
      case "-s" -> st.getLen() > 0;
      default -> true;
    };
    return yes ? 0 : 1;
  }

  /** {@code -touchz}: an empty file; an existing empty file is left as it is, a non-empty one is an error. */
  private void touchz(String a) throws IOException {
    Path p = path(a);
    FileSystem fs = fs(p);
    if (fs.exists(p)) {
      FileStatus st = fs.getFileStatus(p);
      if (st.isDirectory()) {
        throw new ArgException(a, "Is a directory");
      }
      if (st.getLen() != 0) {
        throw new ArgException(a, "Not a zero-length file");
      }
      return;
    }
    Path parent = p.getParent();
    if (parent != null && !fs.isDirectory(parent)) {
      throw new ArgException(a, "No such file or directory");
    }
    fs.create(p, false).close();
  }

  private void rm(List<String> args) throws IOException {
    boolean recursive = flag(args, "-r") | flag(args, "-R");
    boolean force = flag(args, "-f");
    // Quern keeps no trash: every delete is immediate, so -skipTrash changes nothing.
    flag(args, "-skipTrash");
    if (force && args.isEmpty()) {
      return;
    }
    forEach(args, a -> {
      if (force && !GlobPattern.hasWildcard(a) && !fs(path(a)).exists(path(a))) {
        return;
      }
      FileStatus st = status(a);
      if (st.isDirectory() && !recursive) {
        throw new ArgException(a, "Is a directory");
      }
      fs(st.getPath()).delete(st.getPath(), recursive);
      out.println("Deleted " + a);
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

}
