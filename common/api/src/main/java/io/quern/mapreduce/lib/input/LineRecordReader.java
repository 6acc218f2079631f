package io.quern.mapreduce.lib.input;

import io.quern.fs.Path;
import io.quern.io.LongWritable;
import io.quern.io.SeekableInput;
import io.quern.io.Text;
import io.quern.io.compress.CompressionCodec;
import io.quern.io.compress.CompressionCodecFactory;
import io.quern.io.compress.PooledCodecStreams;
import io.quern.mapreduce.FileSystemCounter;
import io.quern.mapreduce.InputSplit;
import io.quern.mapreduce.RecordReader;
import io.quern.mapreduce.TaskAttemptContext;
import io.quern.util.LineReader;
import java.io.IOException;

/**
 * Reads a split as lines keyed by their byte offset. Lines cross split boundaries, so the
 * rule is: a split not at offset 0 skips everything up to and including the first line
 * terminator at or after {@code start - 1} (that line belongs to the previous split), and a
 * split reads every line that starts before its end, reading past the end to finish it.
 * Every line is thus read by exactly one split. A compressed file ({@code .gz}, {@code .bz2},
 * {@code .deflate}) is one split, read decompressed; keys are then offsets in the decompressed
 * text, as in Hadoop.
 *
 * <p>Confined to the thread using it (not thread-safe, as Hadoop's LineRecordReader is).
 */
public class LineRecordReader extends RecordReader<LongWritable, Text> {
  private SeekableInput in;
  private LineReader reader;
  private long start;
  private long end;
  private long pos;
  private final LongWritable key = new LongWritable();
  private final Text value = new Text();
  private TaskAttemptContext context;
  /** For a compressed file: the file's length, which progress is measured against, else -1. */
  private long compressedLength = -1;
  private long compressedRead;
  /** The decompressing stream over {@link #in}; closing it closes {@link #in} and returns its decompressor to the pool. */
  private java.io.InputStream decompressed;
  /** Whether close() counted the short-circuit bytes already (a reader may be closed twice). */
  private boolean counted;

  @Override
  public void initialize(InputSplit genericSplit, TaskAttemptContext context) throws IOException {
    FileSplit split = (FileSplit) genericSplit;
    this.context = context;
    start = split.getStart();
    end = start + split.getLength();
    Path file = split.getPath();
    in = file.getFileSystem(context.getConfiguration()).open(file);
    CompressionCodec codec = new CompressionCodecFactory(context.getConfiguration()).getCodec(file);
    if (codec != null) {
      // Not splitable (see TextInputFormat.isSplitable): the split at 0 reads the whole file; one
      // elsewhere, from a format that cut it anyway, reads nothing rather than the lines again.
      compressedLength = in.length();
      if (start != 0) {
        start = 0;
        end = 0;
        return;
      }
      decompressed = PooledCodecStreams.input(codec, in.asInputStream());
      reader = new LineReader(decompressed);
      start = 0;
      end = Long.MAX_VALUE;
      pos = 0;
      return;
    }
    boolean skipFirstLine = start != 0;
    if (skipFirstLine) {
      // Start one byte early: if that byte ends a line, the line at start is ours.
      start--;
    }
    in.seek(start);
    reader = new LineReader(in.asInputStream());
    if (skipFirstLine) {
      start += reader.readLine(new Text());
    }
    pos = start;
  }

  /** Reads one split standalone, for tests and tools. */
  public void initialize(SeekableInput input, long splitStart, long splitLength) throws IOException {
    this.in = input;
    start = splitStart;
    end = splitStart + splitLength;
    boolean skipFirstLine = start != 0;
    if (skipFirstLine) {
      start--;
    }
    in.seek(start);
    reader = new LineReader(in.asInputStream());
    if (skipFirstLine) {
      start += reader.readLine(new Text());
    }
    pos = start;
  }

  @Override
  public boolean nextKeyValue() throws IOException {
    if (pos >= end) {
      return false;
    }
    key.set(pos);
    int n = reader.readLine(value);
    if (n == 0) {
      return false;
    }
    pos += n;
    long read = bytesRead(n);
    if (context != null) {
      context.getCounter(FileSystemCounter.BYTES_READ).increment(read);
    }
    return true;
  }

  /** Bytes of the file a line of {@code n} bytes took: its compressed bytes read so far for a compressed file. */
  private long bytesRead(int n) throws IOException {
    if (compressedLength < 0) {
      return n;
    }
    long now = in.getPos();
    long delta = now - compressedRead;
    compressedRead = now;
    return delta;
  }

  @Override
  public LongWritable getCurrentKey() {
    return key;
  }

  @Override
  public Text getCurrentValue() {
    return value;
  }

  @Override
  public float getProgress() {
    if (compressedLength >= 0) {
      return compressedLength == 0 ? 1f : Math.min(1f, compressedRead / (float) compressedLength);
    }
    return start == end ? 1f : Math.min(1f, (pos - start) / (float) (end - start));
  }

  @Override
  public void close() throws IOException {
    if (context != null && in != null && !counted) {
      counted = true;
      long local = in.getShortCircuitBytesRead();
      if (local > 0) {
        context.getCounter(FileSystemCounter.BYTES_READ_SHORT_CIRCUIT).increment(local);
      }
    }
    if (decompressed != null) {
      decompressed.close();
    } else if (in != null) {
      in.close();
    }
  }
}
