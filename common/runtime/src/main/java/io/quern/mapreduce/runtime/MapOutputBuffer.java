package io.quern.mapreduce.runtime;

import io.quern.io.DataOutputBuffer;
import io.quern.io.RawComparator;
import io.quern.io.Writable;
import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Collects a map task's output, sorts it by partition and key, and leaves it in one file
 * ({@value #OUTPUT_FILE}) with an index ({@value #INDEX_FILE}) of one segment per partition.
 *
 * <p>Records are serialized into one byte ring of {@code bufferBytes}, shared by record
 * bytes and 16-byte metadata entries (partition, key start, key length, value length)
 * that grow in opposite directions from a movable "equator", so small records can use
 * most of the memory for metadata and large ones for data. When the region being
 * collected reaches {@code spillPercent} of the ring, a background thread sorts its
 * metadata (the record bytes stay put) and writes a spill file, running the combiner if
 * there is one, while collection goes on in the free part of the ring on the other side
 * of a new equator. {@link #collect} blocks only when that free part runs out too. A
 * record too big for the ring is written as a spill of its own. {@link #flush()} spills
 * the rest and merges all spills.
 *
 * <p>Threads: {@link #collect}, {@link #flush} and {@link #close} belong to the one map
 * thread. At most one background spill runs at a time. The ring positions, the spill
 * list and the spill state are guarded by {@code lock}; the ring region a spill owns is
 * touched only by its thread until it reports back under the lock.
 *
 * <p>"The map thread" is whichever thread calls {@link #collect}: the task's thread, or for a
 * streaming map the program's stdout reader, which {@code StreamProcess.finish} joins (a
 * happens-before edge) before the task's thread calls {@link #flush}, and which
 * {@code StreamProcess.close} shuts out (its hand-off lock) before the task's thread calls
 * {@link #close}: the reader never collects after that, even while it still runs. Hand-offs between the map
 * thread and a spill thread: {@link #startSpill} runs under {@code lock} and starts the spill
 * thread (Thread.start orders everything before it); the spill thread reports back by clearing
 * {@code spilling} under {@code lock} and signalling {@code spillFinished}.
 */
public final class MapOutputBuffer implements Closeable {

  public static final String OUTPUT_FILE = "file.out";
  public static final String INDEX_FILE = "file.out.index";

  private static final int META_BYTES = CollectedRecords.META_BYTES;
  /** Above this, the serialization scratch buffer is dropped after use rather than kept. */
  private static final int SCRATCH_KEEP_BYTES = 1 << 20;

  private enum State { OPEN, FLUSHED, CLOSED }

  // Immutable: set at construction.
  private final Path dir;
  private final int partitions;
  /**
   * Not known to be thread-safe (a user comparator may keep scratch state), so used by one thread
   * at a time: the running spill thread while it sorts, else the map thread (flush's last sort and
   * the merge, which begin only once no spill runs). Ordered by the spill hand-offs on {@code lock}.
   */
  private final RawComparator<?> comparator;
  /** Same ownership as {@link #comparator}: run by the spill thread, or by the map thread in flush. */
  private final CombineRunner combiner;
  /**
   * The ring (its bytes and, through {@link #kvmeta}, its metadata), shared by hand-off: the map
   * thread writes only outside [spillMetaStart, spillDataEnd), which the running spill thread owns
   * (it sorts the metadata there in place) until it clears {@code spilling} under {@code lock}.
   */
  private final byte[] kvbuffer;
  /** A view of {@link #kvbuffer}; same ownership. */
  private final IntBuffer kvmeta;
  // Immutable: set at construction.
  private final int capacity;
  private final long softLimit;

  /** The three fields below: owned by the map thread (ringRecords/ringBytes are written under lock, but only it touches them). */
  private DataOutputBuffer scratch = new DataOutputBuffer();
  private long ringRecords;
  private long ringBytes;

  /** Thread-safe (the lock and its condition order the map thread and the spill thread). */
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition spillFinished = lock.newCondition();
  // Positions in the ring are virtual: they only grow (the metadata start only shrinks)
  // and map to an array index modulo capacity. The region being collected has metadata in
  // [metaStart, equator) and record bytes in [equator, dataEnd); its free room ends at
  // metaStart + capacity for data and at dataEnd - capacity for metadata, or, while a
  // spill runs, where the spill's region [spillMetaStart, spillDataEnd) begins.
  // The fields from here to state: guarded by lock.
  private long equator;
  private long dataEnd;
  private long metaStart;
  private boolean spilling;
  /** The running spill's thread while spilling: close interrupts it when the output is abandoned. */
  private Thread spillThread;
  private long spillMetaStart;
  private long spillDataEnd;
  private Throwable spillError;
  /** Guarded by lock; the list of finished spills, added to by spill threads and the map thread. */
  private final List<SpillFiles.Spill> spills = new ArrayList<>();
  private int nextSpillNumber;
  private State state = State.OPEN;

  /** Thread-safe (atomic counters): counted by spill threads and the map thread. */
  private final CombineCounters combineCounters = new CombineCounters();
  /** Thread-safe (each spill writes its own file, counters are atomic); its merge runs once, on the map thread. */
  private final SpillFiles spillFiles;
  /** The two fields below: volatile, written only by the map thread, read without the lock by counter readers. */
  private volatile long outputRecords;
  private volatile long outputBytes;

  /**
   * @param dir where spills and the final output go; created if missing
   * @param comparator the job's sort order on serialized keys
   * @param combiner the job's combiner, or null
   */
  public MapOutputBuffer(Path dir, int partitions, RawComparator<?> comparator, CombineRunner combiner,
      SortOptions options) throws IOException {
    this(dir, partitions, comparator, combiner, options, null);
  }

  /** @param codec compresses each partition segment of the spills and the output; null for none */
  public MapOutputBuffer(Path dir, int partitions, RawComparator<?> comparator, CombineRunner combiner,
      SortOptions options, io.quern.io.compress.CompressionCodec codec) throws IOException {
    if (partitions < 1) {
      throw new IllegalArgumentException("a map needs at least one partition, not " + partitions);
    }
    this.dir = dir;
    this.partitions = partitions;
    this.comparator = comparator;
    this.combiner = combiner;
    this.capacity = options.bufferBytes() & -META_BYTES;
    this.kvbuffer = new byte[capacity];
    this.kvmeta = ByteBuffer.wrap(kvbuffer).order(ByteOrder.nativeOrder()).asIntBuffer();
    this.softLimit = (long) (capacity * (double) options.spillPercent());
    this.spillFiles = new SpillFiles(dir, partitions, comparator, options, combiner, combineCounters, codec);
    Files.createDirectories(dir);
  }

  /** Serializes and buffers one record of the map's output. */
  public void collect(Writable key, Writable value, int partition) throws IOException {
    if (partition < 0 || partition >= partitions) {
      throw new IOException("illegal partition " + partition + " for key " + key + ": the job has "
          + partitions + " reduce partitions");
    }
    scratch.reset();
    key.write(scratch);
    int keyLength = scratch.getLength();
    value.write(scratch);
    int valueLength = scratch.getLength() - keyLength;
    outputRecords++;
    outputBytes += keyLength + valueLength;
    if ((long) keyLength + valueLength + META_BYTES > capacity) {
      spillSingleRecord(scratch.getData(), keyLength, valueLength, partition);
      if (scratch.getData().length > SCRATCH_KEEP_BYTES) {
        scratch = new DataOutputBuffer();
      }
      return;
    }
    buffer(scratch.getData(), keyLength, valueLength, partition);
  }

  private void buffer(byte[] record, int keyLength, int valueLength, int partition) throws IOException {
    int length = keyLength + valueLength;
    lock.lock();
    try {
      ensureOpen();
      rethrowSpillError();
      long at;
      while ((at = reserve(length)) < 0) {
        if (spilling) {
          awaitSpill();
        } else {
          startSpill();
        }
        rethrowSpillError();
      }
      int start = physical(at);
      System.arraycopy(record, 0, kvbuffer, start, length);
      metaStart -= META_BYTES;
      int m = physical(metaStart) >> 2;
      kvmeta.put(m + CollectedRecords.PARTITION, partition);
      kvmeta.put(m + CollectedRecords.KEY_START, start);
      kvmeta.put(m + CollectedRecords.KEY_LENGTH, keyLength);
      kvmeta.put(m + CollectedRecords.VALUE_LENGTH, valueLength);
      dataEnd = at + length;
      ringRecords++;
      ringBytes += length;
      if (!spilling && dataEnd - metaStart >= softLimit) {
        startSpill();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Where a record of {@code length} bytes can go, or -1 if there is no room now. Records
   * never wrap around the end of the array, so that keys can be compared in place.
   */
  private long reserve(int length) {
    if (!spilling && dataEnd == metaStart) {
      // Empty ring: restart at index 0, where the most contiguous room is.
      long restart = Math.floorDiv(dataEnd + capacity - 1, capacity) * capacity;
      equator = dataEnd = metaStart = restart;
    }
    long at = dataEnd;
    int start = physical(at);
    if (start + length > capacity) {
      at += capacity - start;
    }
    long newDataEnd = at + length;
    long newMetaStart = metaStart - META_BYTES;
    boolean fits = spilling
        ? newDataEnd <= spillMetaStart + capacity && newMetaStart >= spillDataEnd
        : newDataEnd <= newMetaStart + capacity;
    return fits ? at : -1;
  }

  /** Hands the region collected so far to a background spill and moves the equator into the free room. */
  private void startSpill() {
    int count = recordsInRegion();
    if (count == 0) {
      throw new IllegalStateException("spill of an empty region");
    }
    CollectedRecords records = new CollectedRecords(kvbuffer, kvmeta, equator, count);
    int number = nextSpillNumber++;
    spilling = true;
    spillMetaStart = metaStart;
    spillDataEnd = dataEnd;
    // Split the free room between metadata (below the new equator) and data (above it) in
    // the proportion the records so far needed them.
    long free = metaStart + capacity - dataEnd;
    double averageRecord = (double) ringBytes / ringRecords;
    long metaShare = (long) (free * META_BYTES / (META_BYTES + averageRecord));
    long lowest = (dataEnd + META_BYTES - 1) & -META_BYTES;
    long newEquator = Math.min(metaStart + capacity, Math.max(lowest, (dataEnd + metaShare) & -META_BYTES));
    equator = dataEnd = metaStart = newEquator;
    Thread spiller = new Thread(() -> spillInBackground(records, number), "map-output-spill-" + number);
    spiller.setDaemon(true);
    spillThread = spiller;
    spiller.start();
  }

  private void spillInBackground(CollectedRecords records, int number) {
    SpillFiles.Spill done = null;
    Throwable failure = null;
    try {
      done = sortAndSpill(records, number);
    } catch (Throwable t) {
      failure = t;
    }
    lock.lock();
    try {
      if (failure != null) {
        spillError = failure;
      } else {
        spills.add(done);
      }
      spilling = false;
      spillThread = null;
      spillFinished.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private SpillFiles.Spill sortAndSpill(CollectedRecords records, int number) throws IOException {
    records.sort(comparator);
    int[] partitionStart = new int[partitions + 1];
    for (int i = 0, p = 0; p <= partitions; p++) {
      while (i < records.count() && records.partition(i) < p) {
        i++;
      }
      partitionStart[p] = i;
    }
    byte[] buf = records.buffer();
    return spillFiles.write(number, (p, segment) -> {
      int from = partitionStart[p];
      int to = partitionStart[p + 1];
      if (from == to) {
        return;
      }
      if (combiner != null) {
        combineCounters.run(combiner, records.iterator(from, to), segment);
        return;
      }
      for (int i = from; i < to; i++) {
        int keyStart = records.keyStart(i);
        int keyLength = records.keyLength(i);
        segment.append(buf, keyStart, keyLength, buf, keyStart + keyLength, records.valueLength(i));
      }
    });
  }

  private void spillSingleRecord(byte[] record, int keyLength, int valueLength, int partition) throws IOException {
    int number;
    lock.lock();
    try {
      ensureOpen();
      rethrowSpillError();
      number = nextSpillNumber++;
    } finally {
      lock.unlock();
    }
    SpillFiles.Spill file = spillFiles.write(number, (p, segment) -> {
      if (p == partition) {
        segment.append(record, 0, keyLength, record, keyLength, valueLength);
      }
    });
    lock.lock();
    try {
      spills.add(file);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Spills what is left, merges all spills into {@value #OUTPUT_FILE} and writes
   * {@value #INDEX_FILE} next to it; no more records may be collected afterwards.
   */
  public SpillIndex flush() throws IOException {
    CollectedRecords rest = null;
    int number = -1;
    lock.lock();
    try {
      ensureOpen();
      while (spilling) {
        awaitSpill();
      }
      rethrowSpillError();
      if (recordsInRegion() > 0) {
        rest = new CollectedRecords(kvbuffer, kvmeta, equator, recordsInRegion());
        number = nextSpillNumber++;
      }
      state = State.FLUSHED;
    } finally {
      lock.unlock();
    }
    List<SpillFiles.Spill> files;
    if (rest != null) {
      SpillFiles.Spill last = sortAndSpill(rest, number);
      lock.lock();
      try {
        spills.add(last);
      } finally {
        lock.unlock();
      }
    }
    lock.lock();
    try {
      files = new ArrayList<>(spills);
    } finally {
      lock.unlock();
    }
    files.sort(Comparator.comparingInt(SpillFiles.Spill::number));
    return spillFiles.merge(files, getOutputFile(), getIndexFile());
  }

  /**
   * Waits for a running spill; deletes the spill files if the output was never flushed. A spill
   * still running then belongs to an abandoned output (the map failed or was killed before its
   * flush), so it is interrupted: a combiner in it, such as a streaming program that never ends,
   * must not hold the task's end.
   */
  @Override
  public void close() throws IOException {
    List<SpillFiles.Spill> leftovers = List.of();
    lock.lock();
    try {
      if (spilling) {
        spillThread.interrupt();
      }
      while (spilling) {
        // Interrupted, a spill ends promptly; it must not write after close returns.
        spillFinished.awaitUninterruptibly();
      }
      if (state == State.OPEN) {
        leftovers = new ArrayList<>(spills);
      }
      state = State.CLOSED;
    } finally {
      lock.unlock();
    }
    spillFiles.delete(leftovers);
  }

  private int recordsInRegion() {
    return (int) ((equator - metaStart) / META_BYTES);
  }

  private int physical(long position) {
    return (int) Math.floorMod(position, (long) capacity);
  }

  private void awaitSpill() throws InterruptedIOException {
    try {
      spillFinished.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for a map output spill to finish");
    }
  }

  private void ensureOpen() {
    if (state != State.OPEN) {
      throw new IllegalStateException("map output buffer is " + state.name().toLowerCase());
    }
  }

  private void rethrowSpillError() throws IOException {
    if (spillError != null) {
      throw new IOException("map output spill to " + dir + " failed: " + spillError, spillError);
    }
  }

  public Path getOutputFile() {
    return dir.resolve(OUTPUT_FILE);
  }

  public Path getIndexFile() {
    return dir.resolve(INDEX_FILE);
  }

  /** Records passed to {@link #collect}. */
  public long getOutputRecords() {
    return outputRecords;
  }

  /** Serialized key and value bytes passed to {@link #collect}. */
  public long getOutputBytes() {
    return outputBytes;
  }

  /** Records written to local disk: by spills, intermediate merge passes and the final merge. */
  public long getSpilledRecords() {
    return spillFiles.spilledRecords();
  }

  public long getSpillCount() {
    return spillFiles.spillCount();
  }

  public long getCombineInputRecords() {
    return combineCounters.inputRecords();
  }

  public long getCombineOutputRecords() {
    return combineCounters.outputRecords();
  }
}
