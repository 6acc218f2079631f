package io.quern.worker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * Reads the logs of attempts run on this worker: their stdout and stderr in the job's log
 * directory, which belongs to the job's task user and is therefore read without following any
 * link in it, and the child JVMs' own output in the worker's directory.
 */
final class AttemptLogReader {
  // Immutable: set at construction.
  private final LocalDirs dirs;
  private final String workerId;
  /** The child that ran an attempt, or null when this worker has no record of it. */
  private final Function<String, String> childOf;

  AttemptLogReader(LocalDirs dirs, String workerId, Function<String, String> childOf) {
    this.dirs = dirs;
    this.workerId = workerId;
    this.childOf = childOf;
  }

  byte[] read(String attemptId, String stream, long offset, int maxBytes) throws IOException {
    if (!stream.equals("stdout") && !stream.equals("stderr")) {
      throw new IOException("no log stream " + stream + " (stdout or stderr)");
    }
    try (var ch = open(attemptId, stream)) {
      long size = ch.size();
      if (offset >= size) {
        return new byte[0];
      }
      java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate((int) Math.min(Math.max(0, maxBytes), size - offset));
      ch.position(offset);
      ch.read(buf);
      return java.util.Arrays.copyOf(buf.array(), buf.position());
    }
  }

  /**
   * Opens an attempt's log: {@code stdout} or {@code stderr} (what the attempt printed), or {@code
   * syslog} (its child JVM's own log, shared by the attempts that child ran).
   */
  private java.nio.channels.SeekableByteChannel open(String attemptId, String stream) throws IOException {
    String childId = childOf.apply(attemptId);
    if (childId == null) {
      throw new java.nio.file.NoSuchFileException("no logs of " + attemptId + " on " + workerId);
    }
    if (stream.equals("syslog")) {
      // The worker's own directory, opened without following links all the same.
      return io.quern.util.NoFollowFiles.openRead(dirs.logs(), dirs.childStreams().getFileName().toString(),
          childId + ".stderr");
    }
    if (!stream.equals("stdout") && !stream.equals("stderr")) {
      throw new IOException("no log stream " + stream + " (stdout, stderr or syslog)");
    }
    String jobId = io.quern.mapreduce.TaskAttemptID.forName(attemptId).getJobID().toString();
    try {
      // The job's log directory is its task user's: read without following any link in it.
      return io.quern.util.NoFollowFiles.openRead(dirs.logs(), jobId, attemptId + "." + stream);
    } catch (java.nio.file.NoSuchFileException e) {
      // The attempt never started in its child: the child's own output may say why.
      Path log = dirs.childStreams().resolve(childId + "." + stream);
      if (!Files.exists(log)) {
        throw new java.nio.file.NoSuchFileException("the logs of " + attemptId + " are gone");
      }
      return java.nio.channels.FileChannel.open(log);
    }
  }

  /** The end of an attempt's log: its last {@code maxBytes} from {@code offset}, and the log's size. */
  record LogTail(long size, long offset, byte[] bytes) {}

  LogTail tail(String attemptId, String stream, int maxBytes) throws IOException {
    try (var ch = open(attemptId, stream)) {
      long size = ch.size();
      long from = Math.max(0, size - maxBytes);
      java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate((int) (size - from));
      ch.position(from);
      while (buf.hasRemaining() && ch.read(buf) >= 0) {
        // read on
      }
      return new LogTail(size, from, java.util.Arrays.copyOf(buf.array(), buf.position()));
    }
  }

  /**
   * The last lines the child wrote to stderr and to stdout (where the JVM reports running out
   * of memory), for the failure reason.
   */
  static String childOutputTail(JobChild child) {
    StringBuilder b = new StringBuilder();
    for (String stream : new String[] {"stderr", "stdout"}) {
      Path log = stream.equals("stdout") ? child.stdout : child.stderr;
      try {
        if (Files.exists(log)) {
          List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
          for (String line : lines.subList(Math.max(0, lines.size() - 3), lines.size())) {
            b.append(b.length() == 0 ? "" : "\n").append(line);
          }
        }
      } catch (IOException e) {
        // An unreadable log leaves the diagnostics without a tail; the exit code remains.
      }
    }
    return b.toString();
  }
}
