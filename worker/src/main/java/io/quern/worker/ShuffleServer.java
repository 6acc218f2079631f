package io.quern.worker;

import io.quern.mapreduce.runtime.MapOutputBuffer;
import io.quern.mapreduce.runtime.SpillIndex;
import io.quern.protocol.MapOutputMissingException;
import io.quern.protocol.ShuffleChunk;
import io.quern.protocol.ShuffleProtocol;
import io.quern.mapreduce.TaskAttemptID;
import io.quern.rpc.CallContext;
import java.io.IOException;
import java.rmi.AccessException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Serves the partitions of the map outputs on this worker's disk, a chunk per call. */
final class ShuffleServer implements ShuffleProtocol {
  /** No call carries more than this, whatever the caller asks. */
  static final int MAX_CHUNK = 4 << 20;

  private final LocalDirs dirs;

  /** The ids name the directory read: only a map attempt of that very job may (no "../"). */
  private static void checkMapOfJob(String jobId, String mapAttemptId) throws MapOutputMissingException {
    TaskAttemptID id;
    try {
      id = TaskAttemptID.forName(mapAttemptId);
    } catch (RuntimeException e) {
      throw new MapOutputMissingException(mapAttemptId + " is not an attempt id");
    }
    if (!id.isMap() || !id.getJobID().toString().equals(jobId) || !id.toString().equals(mapAttemptId)) {
      throw new MapOutputMissingException(mapAttemptId + " is not a map attempt of " + jobId);
    }
  }

  ShuffleServer(LocalDirs dirs) {
    this.dirs = dirs;
  }

  @Override
  public ShuffleChunk fetch(String jobId, String mapAttemptId, int partition, long offset, int maxLength)
      throws MapOutputMissingException, AccessException {
    // A reducer holds its job's token: it gets that job's map outputs and no other job's.
    CallContext.requireJob(jobId);
    checkMapOfJob(jobId, mapAttemptId);
    Path dir = dirs.attempt(jobId, mapAttemptId);
    Path data = dir.resolve(MapOutputBuffer.OUTPUT_FILE);
    Path indexFile = dir.resolve(MapOutputBuffer.INDEX_FILE);
    if (!Files.exists(indexFile) || !Files.exists(data)) {
      throw new MapOutputMissingException("no output of " + mapAttemptId + " on this worker");
    }
    try {
      SpillIndex index = SpillIndex.read(indexFile);
      if (partition < 0 || partition >= index.partitions()) {
        throw new MapOutputMissingException(mapAttemptId + " has no partition " + partition);
      }
      SpillIndex.Entry e = index.get(partition);
      long length = e.rawLength();
      if (offset < 0 || offset > length) {
        throw new MapOutputMissingException("offset " + offset + " outside partition of " + length + " bytes");
      }
      int n = (int) Math.min(Math.min(maxLength, MAX_CHUNK), length - offset);
      byte[] bytes = new byte[n];
      try (FileChannel ch = FileChannel.open(data, StandardOpenOption.READ)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        long pos = e.offset() + offset;
        while (buf.hasRemaining()) {
          int r = ch.read(buf, pos);
          if (r < 0) {
            throw new IOException("map output " + data + " is shorter than its index says");
          }
          pos += r;
        }
      }
      return new ShuffleChunk(bytes, length, e.checksum());
    } catch (IOException e) {
      throw new MapOutputMissingException("cannot read the output of " + mapAttemptId + ": " + e.getMessage());
    }
  }
}
