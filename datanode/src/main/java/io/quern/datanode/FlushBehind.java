package io.quern.datanode;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Flushes replicas being written in the background, so the disk writes while more data
 * streams in and finalizing only has the tail left to force. It is separate because it owns a
 * thread of its own (one, gone when idle) and nothing of the replica table: a flush that
 * loses a race with finalize or delete is simply skipped.
 */
final class FlushBehind {
  private static final Logger LOG = LogManager.getLogger(FlushBehind.class);

  /** Thread-safe executor; its one thread owns nothing but the flush it runs. */
  private final ThreadPoolExecutor flusher;

  FlushBehind() {
    // One thread, gone when idle: flushes queue behind each other rather than competing for the disk.
    ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), t -> {
      Thread th = new Thread(t, "replica-flusher");
      th.setDaemon(true);
      return th;
    });
    pool.allowCoreThreadTimeOut(true);
    this.flusher = pool;
  }

  /** Starts forcing {@code data} to disk; returns at once. */
  void flushLater(Path data) {
    try {
      flusher.execute(() -> {
        try (FileChannel c = FileChannel.open(data, StandardOpenOption.WRITE)) {
          c.force(false);
        } catch (IOException e) {
          // Finalized (moved) or deleted meanwhile: finalizing forces it anyway, or it is gone.
          LOG.debug("Background flush of {} skipped: {}", data, e.getMessage());
        }
      });
    } catch (RejectedExecutionException e) {
      LOG.debug("Store closing; no background flush of {}", data);
    }
  }
}
