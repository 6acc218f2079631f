package io.quern.worker.child;

import io.quern.conf.Configuration;
import io.quern.io.compress.CompressionCodec;
import io.quern.mapreduce.TaskCounter;
import io.quern.mapreduce.runtime.MapOutputCodec;
import io.quern.mapreduce.runtime.Segment;
import io.quern.mapreduce.task.TaskAttemptContextImpl;
import io.quern.net.HostPort;
import io.quern.protocol.mapred.ChildUmbilicalProtocol;
import io.quern.protocol.mapred.MapOutputEvent;
import io.quern.protocol.mapred.ShuffleChunk;
import io.quern.protocol.mapred.ShuffleProtocol;
import io.quern.protocol.mapred.TaskLaunch;
import io.quern.rpc.RpcClient;
import io.quern.rpc.RpcErrors;
import io.quern.worker.WorkerKeys;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The reduce side of the shuffle: follows the job's map output events and fetches this
 * reduce's partition of each map's output from the worker holding it, several maps at once
 * ({@code mapred.reduce.parallel.copies}), in chunks, into memory when small enough or else to disk.
 * A fetch that keeps failing is reported, so that the master can re-run the map; the
 * fetcher then waits for the map's new output. Only the calling thread touches the tables.
 */
final class ShuffleFetcher {
  static final int CHUNK = 1 << 20;
  private static final int TRIES = 3;
  private static final long RETRY_AFTER_REPORT_MILLIS = 5_000;

  private final ChildUmbilicalProtocol worker;
  private final TaskLaunch launch;
  private final TaskAttemptContextImpl ctx;
  private final Path work;
  private final Configuration conf;
  private final long memoryBudget = Runtime.getRuntime().maxMemory() / 2;
  private final AtomicLong memoryUsed = new AtomicLong();
  private final Map<String, ShuffleProtocol> stubs = new ConcurrentHashMap<>();
  /** The job's map output codec: fetched partitions stay compressed until the merge reads them. */
  private final CompressionCodec codec;

  ShuffleFetcher(ChildUmbilicalProtocol worker, TaskLaunch launch, TaskAttemptContextImpl ctx, Path work) {
    this.worker = worker;
    this.launch = launch;
    this.ctx = ctx;
    this.work = work;
    this.conf = ctx.getConfiguration();
    this.codec = MapOutputCodec.of(conf);
  }

  private record Fetched(MapOutputEvent event, Segment segment, Exception failure) {}

  List<Segment> fetchAll() throws Exception {
    int maps = launch.numMaps();
    Segment[] got = new Segment[maps];
    // Maps that failed for good within the job's allowance: no output will come, none is waited for.
    boolean[] skipped = new boolean[maps];
    Map<Integer, MapOutputEvent> latest = new HashMap<>();
    Set<Integer> inFlight = new HashSet<>();
    Map<String, Long> reportedAt = new HashMap<>();
    int fetched = 0;
    int nextEvent = 0;
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, WorkerKeys.REDUCE_PARALLEL_COPIES.getInt(conf)), r -> {
      Thread t = new Thread(r, "fetch-" + launch.attemptId());
      t.setDaemon(true);
      return t;
    });
    ExecutorCompletionService<Fetched> done = new ExecutorCompletionService<>(pool);
    try {
      while (fetched < maps) {
        List<MapOutputEvent> events = worker.mapOutputEvents(launch.epoch(), launch.jobId(), nextEvent);
        nextEvent += events.size();
        for (MapOutputEvent e : events) {
          MapOutputEvent current = latest.get(e.mapIndex());
          if (e.skipped()) {
            latest.remove(e.mapIndex());
            if (got[e.mapIndex()] == null && !skipped[e.mapIndex()]) {
              skipped[e.mapIndex()] = true;
              fetched++;
            }
          } else if (e.obsolete()) {
            if (current != null && current.attemptId().equals(e.attemptId())) {
              latest.remove(e.mapIndex());
            }
          } else {
            latest.put(e.mapIndex(), e);
          }
        }
        long now = System.currentTimeMillis();
        for (MapOutputEvent e : latest.values()) {
          Long reported = reportedAt.get(e.attemptId());
          if (got[e.mapIndex()] == null && !skipped[e.mapIndex()] && !inFlight.contains(e.mapIndex())
              && (reported == null || now - reported > RETRY_AFTER_REPORT_MILLIS)) {
            inFlight.add(e.mapIndex());
            done.submit(() -> fetch(e));
          }
        }
        Future<Fetched> f = done.poll(500, TimeUnit.MILLISECONDS);
        while (f != null) {
          Fetched r = f.get();
          inFlight.remove(r.event().mapIndex());
          if (skipped[r.event().mapIndex()]) {
            // Fetched or not, the map was left out of the job meanwhile.
          } else if (r.segment() != null) {
            got[r.event().mapIndex()] = r.segment();
            fetched++;
          } else {
            reportedAt.put(r.event().attemptId(), System.currentTimeMillis());
            System.err.println(launch.attemptId() + ": cannot fetch the output of " + r.event().attemptId()
                + " from " + r.event().endpoint() + ": " + RpcErrors.describe(r.failure())
                + "; reported to the master, which re-runs the map once enough reducers fail");
            worker.fetchFailed(launch.epoch(), launch.attemptId(), r.event().attemptId());
          }
          f = done.poll();
        }
        ctx.setStatus("shuffle " + fetched + "/" + maps);
        ctx.setProgress(fetched / (float) Math.max(1, maps) / 3f);
      }
    } finally {
      pool.shutdownNow();
    }
    List<Segment> out = new ArrayList<>();
    for (Segment s : got) {
      if (s != null) {
        out.add(s);
      }
    }
    return out;
  }

  private Fetched fetch(MapOutputEvent e) {
    Exception last = null;
    for (int attempt = 0; attempt < TRIES; attempt++) {
      try {
        return new Fetched(e, fetchOnce(e), null);
      } catch (Exception ex) {
        last = ex;
        stubs.remove(e.endpoint());
        try {
          Thread.sleep(300L << attempt);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    return new Fetched(e, null, last);
  }

  private Segment fetchOnce(MapOutputEvent e) throws Exception {
    ShuffleProtocol stub = stubs.get(e.endpoint());
    if (stub == null) {
      stub = RpcClient.lookup(conf, HostPort.parse(e.endpoint()), ShuffleProtocol.NAME, ShuffleProtocol.class);
      stubs.put(e.endpoint(), stub);
    }
    int partition = launch.partition();
    ShuffleChunk first = stub.fetch(launch.jobId(), e.attemptId(), partition, 0, CHUNK);
    long length = first.partitionLength();
    ctx.getCounter(TaskCounter.REDUCE_SHUFFLE_BYTES).increment(length);
    boolean inMemory = length <= memoryBudget / 4 && memoryUsed.addAndGet(length) <= memoryBudget;
    if (inMemory) {
      byte[] data = new byte[(int) length];
      long off = copy(first, data, null, 0);
      while (off < length) {
        off = copy(stub.fetch(launch.jobId(), e.attemptId(), partition, off, CHUNK), data, null, off);
      }
      return Segment.inMemory(data, 0, (int) length, first.rawLength(), first.checksum(), codec);
    }
    if (!inMemory && length <= memoryBudget / 4) {
      memoryUsed.addAndGet(-length);
    }
    Path file = work.resolve("map_" + e.mapIndex() + ".out");
    try (OutputStream out = Files.newOutputStream(file)) {
      long off = copy(first, null, out, 0);
      while (off < length) {
        off = copy(stub.fetch(launch.jobId(), e.attemptId(), partition, off, CHUNK), null, out, off);
      }
    }
    return Segment.onDisk(file, 0, length, first.rawLength(), first.checksum(), true, codec);
  }

  private static long copy(ShuffleChunk c, byte[] into, OutputStream out, long offset) throws IOException {
    byte[] d = c.data();
    if (d.length == 0 && offset < c.partitionLength()) {
      throw new IOException("empty chunk at offset " + offset + " of " + c.partitionLength());
    }
    if (into != null) {
      System.arraycopy(d, 0, into, (int) offset, d.length);
    } else {
      out.write(d);
    }
    return offset + d.length;
  }
}
