package io.quern.worker;

import io.quern.mapreduce.TaskAttemptID;
import io.quern.mapreduce.runtime.MapOutputBuffer;
import io.quern.mapreduce.runtime.SpillIndex;
import io.quern.protocol.mapred.MapOutputMissingException;
import io.quern.protocol.mapred.ShuffleChunk;
import io.quern.protocol.mapred.ShuffleProtocol;
import io.quern.rpc.CallContext;
import io.quern.util.NoFollowFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.rmi.AccessException;

/** Serves the partitions of the map outputs on this worker's disk, a chunk per call. */
final class ShuffleServer implements ShuffleProtocol {
  /** No call carries more than this, whatever the caller asks. */
  static final int MAX_CHUNK = 4 << 20;
  /** An index holds 32 bytes per partition: far below this for any real number of reduces. */
  static final int MAX_INDEX_BYTES = 64 << 20;

  // Immutable: set at construction.
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

  private final java.util.function.Predicate<String> finishedMaps;

  /** @param finishedMaps whether a map attempt finished on this worker (only their outputs are served) */
  ShuffleServer(LocalDirs dirs, java.util.function.Predicate<String> finishedMaps) {
    this.dirs = dirs;
    this.finishedMaps = finishedMaps;
  }

  @Override
  public ShuffleChunk fetch(String jobId, String mapAttemptId, int partition, long offset, int maxLength)
      throws MapOutputMissingException, AccessException {
    // A reducer holds its job's token: it gets that job's map outputs and no other job's.
    CallContext.requireJob(jobId);
    checkMapOfJob(jobId, mapAttemptId);
    if (!finishedMaps.test(mapAttemptId)) {
      throw new MapOutputMissingException("no finished map attempt " + mapAttemptId + " on this worker");
    }
    // The attempt's directory belongs to the job's task user: nothing in it is followed if it
    // is a link (a planted file.out -> the cluster secret), at any step, without a race.
    Path jobs = dirs.jobs();
    try {
      SpillIndex index = SpillIndex.parse(
          NoFollowFiles.readAll(jobs, MAX_INDEX_BYTES, jobId, mapAttemptId, MapOutputBuffer.INDEX_FILE),
          mapAttemptId + "/" + MapOutputBuffer.INDEX_FILE);
      if (partition < 0 || partition >= index.partitions()) {
        throw new MapOutputMissingException(mapAttemptId + " has no partition " + partition);
      }
      SpillIndex.Entry e = index.get(partition);
      // The bytes as stored: compressed when the job compresses map output; the reducer decompresses.
      long length = e.partLength();
      if (offset < 0 || offset > length) {
        throw new MapOutputMissingException("offset " + offset + " outside partition of " + length + " bytes");
      }
      int n = (int) Math.min(Math.min(maxLength, MAX_CHUNK), length - offset);
      byte[] bytes = new byte[n];
      try (SeekableByteChannel ch = NoFollowFiles.openRead(jobs, jobId, mapAttemptId, MapOutputBuffer.OUTPUT_FILE)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        ch.position(e.offset() + offset);
        while (buf.hasRemaining()) {
          if (ch.read(buf) < 0) {
            throw new IOException("the map output of " + mapAttemptId + " is shorter than its index says");
          }
        }
      }
      return new ShuffleChunk(bytes, length, e.rawLength(), e.checksum());
    } catch (java.nio.file.NoSuchFileException e) {
      throw new MapOutputMissingException("no output of " + mapAttemptId + " on this worker");
    } catch (IOException e) {
      throw new MapOutputMissingException("cannot read the output of " + mapAttemptId + ": " + e.getMessage());
    }
  }
}
