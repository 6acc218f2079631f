package io.quern.dfs;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Makes a DataNode's next write to one replica hang, as on a disk that stopped answering: the
 * replica's data file becomes a named pipe, and opening a pipe for writing blocks until a reader
 * comes. The DataNode's code is untouched; its handler hangs in the kernel, holding the replica's
 * monitor, so every later call on that replica waits too. {@link #close()} lets the hung write go
 * on (it then fails: a pipe takes no positioned write) and removes the pipe. Linux.
 */
final class HungDisk implements AutoCloseable {
  private final Path pipe;

  private HungDisk(Path pipe) {
    this.pipe = pipe;
  }

  /** Replaces the replica data file {@code replica} (whose bytes are lost) by a pipe. */
  static HungDisk at(Path replica) throws IOException, InterruptedException {
    Files.delete(replica);
    Process p = new ProcessBuilder("mkfifo", replica.toString()).redirectErrorStream(true).start();
    if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("mkfifo " + replica + " failed: " + new String(p.getInputStream().readAllBytes()));
    }
    return new HungDisk(replica);
  }

  @Override
  public void close() throws IOException {
    // Opening a pipe read-write never blocks on Linux, and wakes a writer blocked in its open.
    try (RandomAccessFile wake = new RandomAccessFile(pipe.toFile(), "rw")) {
      Files.delete(pipe); // later opens fail at once instead of hanging again
    }
  }
}
