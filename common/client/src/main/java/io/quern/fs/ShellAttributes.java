package io.quern.fs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** {@code fs -chmod, -chown, -chgrp, -setrep}: what a file or directory's attributes say. */
final class ShellAttributes {
  private final FsShell shell;

  ShellAttributes(FsShell shell) {
    this.shell = shell;
  }

  void chmod(List<String> args) throws IOException {
    boolean recursive = FsShell.flag(args, "-R");
    if (args.size() < 2) {
      throw new IllegalArgumentException("needs MODE PATH...");
    }
    io.quern.fs.permission.FsPermission mode = io.quern.fs.permission.FsPermission.valueOf(args.remove(0));
    shell.forEach(args, a -> apply(shell.status(a), recursive, st -> shell.fs(st.getPath()).setPermission(st.getPath(), mode)));
  }

  /** {@code -chown OWNER[:GROUP]} or, with {@code groupOnly}, {@code -chgrp GROUP}. */
  void chown(List<String> args, boolean groupOnly) throws IOException {
    boolean recursive = FsShell.flag(args, "-R");
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
    shell.forEach(args, a -> apply(shell.status(a), recursive, st -> shell.fs(st.getPath()).setOwner(st.getPath(), o, g)));
  }

  private interface StatusAction {
    void run(FileStatus st) throws IOException;
  }

  /** Runs {@code action} on {@code st} and, when recursive, on everything under it. */
  private void apply(FileStatus st, boolean recursive, StatusAction action) throws IOException {
    action.run(st);
    if (recursive && st.isDirectory()) {
      for (FileStatus c : shell.fs(st.getPath()).listStatus(st.getPath())) {
        apply(c, true, action);
      }
    }
  }

  void setrep(List<String> args) throws IOException {
    boolean wait = FsShell.flag(args, "-w");
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
    shell.forEach(args, a -> {
      FileStatus st = shell.status(a);
      collectFiles(shell.fs(st.getPath()), st, files);
    });
    for (FileStatus f : files) {
      shell.fs(f.getPath()).setReplication(f.getPath(), rep);
      shell.out.println("Replication " + rep + " set: " + f.getPath().toUri().getPath());
    }
    if (wait) {
      for (FileStatus f : files) {
        waitForReplication(f, rep);
      }
    }
  }

  private void collectFiles(FileSystem fs, FileStatus st, List<FileStatus> files) throws IOException {
    if (!st.isDirectory()) {
      files.add(st);
      return;
    }
    for (FileStatus c : fs.listStatus(st.getPath())) {
      collectFiles(fs, c, files);
    }
  }

  private void waitForReplication(FileStatus f, short rep) throws IOException {
    shell.out.print("Waiting for " + f.getPath().toUri().getPath() + " ...");
    FileSystem fs = shell.fs(f.getPath());
    while (true) {
      boolean done = true;
      for (BlockLocation b : fs.getFileBlockLocations(fs.getFileStatus(f.getPath()), 0, Long.MAX_VALUE)) {
        done &= b.getHosts().length == rep;
      }
      if (done) {
        shell.out.println(" done");
        return;
      }
      shell.out.print(".");
      shell.out.flush();
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("Interrupted while waiting for replication.");
      }
    }
  }
}
