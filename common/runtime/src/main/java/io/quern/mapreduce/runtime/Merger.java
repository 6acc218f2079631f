package io.quern.mapreduce.runtime;

import io.quern.io.RawComparator;
import io.quern.io.compress.CompressionCodec;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * k-way merge of sorted segments, on disk or in memory, into one sorted stream.
 *
 * <p>At most {@code factor} segments are open at once. With more, intermediate passes merge
 * the smallest segments into temporary files in {@code tmpDir} until {@code factor} remain,
 * and the last merge is streamed to the caller. The first pass merges just enough segments
 * that every later pass merges exactly {@code factor}, which minimizes the bytes rewritten.
 * Used by the map side (spills into one output) and the reduce side (fetched map outputs).
 * With map output compression, the temporary files are compressed with the same codec.
 */
public final class Merger {

  private static final int WRITE_BUFFER_BYTES = 64 * 1024;

  // Immutable: set at construction (the comparator is used only by the merging thread).
  private final RawComparator<?> comparator;
  private final int factor;
  private final Path tmpDir;
  private final CompressionCodec codec;
  // The two counts: confined to the thread that calls merge and reads them after (map or reduce task's thread).
  private long intermediateRecords;
  private int intermediatePasses;

  public Merger(RawComparator<?> comparator, int factor, Path tmpDir) {
    this(comparator, factor, tmpDir, null);
  }

  /** @param codec compresses the temporary files of intermediate passes; null for none */
  public Merger(RawComparator<?> comparator, int factor, Path tmpDir, CompressionCodec codec) {
    this.codec = codec;
    if (factor < 2) {
      throw new IllegalArgumentException("merge factor must be at least 2, not " + factor);
    }
    this.comparator = comparator;
    this.factor = factor;
    this.tmpDir = tmpDir;
  }

  /**
   * Merges {@code segments}; the caller must close the result, which deletes the temporary
   * files and the segments marked delete-when-done.
   */
  public RawKeyValueIterator merge(List<Segment> segments) throws IOException {
    List<Segment> pending = new ArrayList<>(segments);
    pending.sort(Comparator.comparingLong(Segment::length));
    List<Segment> batch = List.of();
    try {
      for (int pass = 1; pending.size() > factor; pass++) {
        int take = segmentsInPass(pass, pending.size());
        batch = new ArrayList<>(pending.subList(0, take));
        pending.subList(0, take).clear();
        insertBySize(pending, mergeToDisk(batch));
        batch = List.of();
        intermediatePasses++;
      }
      return new MergeQueue(openAll(pending), comparator);
    } catch (IOException | RuntimeException e) {
      pending.addAll(batch);
      for (Segment s : pending) {
        try {
          s.discard();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  private int segmentsInPass(int pass, int segmentCount) {
    if (pass > 1) {
      return factor;
    }
    int remainder = (segmentCount - 1) % (factor - 1);
    return remainder == 0 ? factor : remainder + 1;
  }

  private Segment mergeToDisk(List<Segment> batch) throws IOException {
    Path file = Files.createTempFile(tmpDir, "merge-", ".out");
    boolean done = false;
    try (RawKeyValueIterator merged = new MergeQueue(openAll(batch), comparator);
         OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), WRITE_BUFFER_BYTES)) {
      IFileWriter writer = new IFileWriter(out, codec);
      // Closed also when merging fails, which returns its pooled compressor.
      try (writer) {
        writer.appendAll(merged);
      }
      intermediateRecords += writer.getRecordCount();
      done = true;
      return Segment.onDisk(file, 0, writer.getCompressedLength(), writer.getRawLength(), writer.getChecksum(), true,
          codec);
    } finally {
      if (!done) {
        Files.deleteIfExists(file);
      }
    }
  }

  private static List<IFileReader> openAll(List<Segment> segments) throws IOException {
    List<IFileReader> readers = new ArrayList<>(segments.size());
    try {
      for (Segment s : segments) {
        readers.add(s.open());
      }
    } catch (IOException | RuntimeException e) {
      MergeQueue.closeQuietly(readers);
      throw e;
    }
    return readers;
  }

  private static void insertBySize(List<Segment> sorted, Segment segment) {
    int i = 0;
    while (i < sorted.size() && sorted.get(i).length() <= segment.length()) {
      i++;
    }
    sorted.add(i, segment);
  }

  /** Records written to temporary files by intermediate passes, which count as spilled. */
  public long getIntermediateRecords() {
    return intermediateRecords;
  }

  public int getIntermediatePasses() {
    return intermediatePasses;
  }
}
