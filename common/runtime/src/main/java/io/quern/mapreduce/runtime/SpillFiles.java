package io.quern.mapreduce.runtime;

import io.quern.io.RawComparator;
import io.quern.io.compress.CompressionCodec;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The spill files of one map output, {@code spill<N>.out} in the output directory, and
 * their merge into the final output. Writing spills is safe from several threads at once
 * (each writes its own file); the merge runs once, alone.
 */
final class SpillFiles {

  private static final int WRITE_BUFFER_BYTES = 64 * 1024;

  /** A spill file and where its partitions lie; numbers order the merge. */
  record Spill(int number, Path file, SpillIndex index) {
  }

  /** Writes the records of one partition into its segment of a spill. */
  @FunctionalInterface
  interface PartitionWriter {
    void write(int partition, IFileWriter segment) throws IOException;
  }

  // Immutable: set at construction.
  private final Path dir;
  private final int partitions;
  /** The object MapOutputBuffer sorts with; used here only by the merge, on the map thread after every spill reported back. */
  private final RawComparator<?> comparator;
  private final SortOptions options;
  /** Run here only by the merge, on the map thread after all spills ended (MapOutputBuffer's lock orders them). */
  private final CombineRunner combiner;
  /** Thread-safe (atomic counters). */
  private final CombineCounters combineCounters;
  /** Compresses every segment of the spills and of the output; null for none. */
  private final CompressionCodec codec;
  /** The two counters below: thread-safe (atomic), added to by spill threads and the merge, read by anyone. */
  private final AtomicLong spilledRecords = new AtomicLong();
  private final AtomicLong spillCount = new AtomicLong();

  SpillFiles(Path dir, int partitions, RawComparator<?> comparator, SortOptions options, CombineRunner combiner,
      CombineCounters combineCounters, CompressionCodec codec) {
    this.codec = codec;
    this.dir = dir;
    this.partitions = partitions;
    this.comparator = comparator;
    this.options = options;
    this.combiner = combiner;
    this.combineCounters = combineCounters;
  }

  /** Writes spill number {@code number}, one segment per partition in order. */
  Spill write(int number, PartitionWriter body) throws IOException {
    Path file = dir.resolve("spill" + number + ".out");
    SpillIndex index = new SpillIndex(partitions);
    long offset = 0;
    long records = 0;
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), WRITE_BUFFER_BYTES)) {
      for (int p = 0; p < partitions; p++) {
        IFileWriter segment = new IFileWriter(out, codec);
        // Closed also when writing fails, which returns its pooled compressor.
        try (segment) {
          body.write(p, segment);
        }
        index.set(p, entry(offset, segment));
        offset += segment.getCompressedLength();
        records += segment.getRecordCount();
      }
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    spilledRecords.addAndGet(records);
    spillCount.incrementAndGet();
    return new Spill(number, file, index);
  }

  /**
   * Merges {@code spills}, ordered by number, partition by partition into {@code output},
   * writes its index to {@code indexFile}, and deletes the spills. A single spill is simply
   * renamed; none gives an output of empty segments.
   */
  SpillIndex merge(List<Spill> spills, Path output, Path indexFile) throws IOException {
    SpillIndex index;
    if (spills.size() == 1) {
      Files.move(spills.get(0).file(), output, StandardCopyOption.REPLACE_EXISTING);
      index = spills.get(0).index();
    } else {
      index = new SpillIndex(partitions);
      boolean combine = combiner != null && spills.size() >= options.minSpillsForCombine();
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(output), WRITE_BUFFER_BYTES)) {
        long offset = 0;
        for (int p = 0; p < partitions; p++) {
          IFileWriter segment = new IFileWriter(out, codec);
          try (segment) {
            mergePartition(spills, p, combine, segment);
          }
          index.set(p, entry(offset, segment));
          offset += segment.getCompressedLength();
          spilledRecords.addAndGet(segment.getRecordCount());
        }
      }
      delete(spills);
    }
    index.write(indexFile);
    return index;
  }

  private static SpillIndex.Entry entry(long offset, IFileWriter segment) {
    return new SpillIndex.Entry(offset, segment.getRawLength(), segment.getCompressedLength(), segment.getChecksum());
  }

  private void mergePartition(List<Spill> spills, int partition, boolean combine, IFileWriter segment)
      throws IOException {
    List<Segment> segments = new ArrayList<>();
    for (Spill spill : spills) {
      SpillIndex.Entry entry = spill.index().get(partition);
      if (entry.hasRecords()) {
        segments.add(Segment.onDisk(spill.file(), entry, codec));
      }
    }
    Merger merger = new Merger(comparator, options.sortFactor(), dir, codec);
    try (RawKeyValueIterator merged = merger.merge(segments)) {
      if (combine) {
        combineCounters.run(combiner, merged, segment);
      } else {
        segment.appendAll(merged);
      }
    } finally {
      spilledRecords.addAndGet(merger.getIntermediateRecords());
    }
  }

  void delete(List<Spill> spills) throws IOException {
    for (Spill spill : spills) {
      Files.deleteIfExists(spill.file());
    }
  }

  /** Records written to local disk: by spills, intermediate merge passes and the final merge. */
  long spilledRecords() {
    return spilledRecords.get();
  }

  long spillCount() {
    return spillCount.get();
  }
}
