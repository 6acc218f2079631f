package io.quern.mapreduce.lib.input;

import io.quern.io.LongWritable;
import io.quern.io.SeekableInput;
import io.quern.io.Text;
import io.quern.mapreduce.FileSystemCounter;
import io.quern.mapreduce.InputSplit;
import io.quern.mapreduce.RecordReader;
import io.quern.mapreduce.TaskAttemptContext;
import io.quern.mapreduce.files.JobFiles;
import java.io.IOException;

/**
 * Reads a split as lines keyed by their byte offset. Lines cross split boundaries, so the
 * rule is: a split not at offset 0 skips everything up to and including the first line
 * terminator at or after {@code start - 1} (that line belongs to the previous split), and a
 * split reads every line that starts before its end, reading past the end to finish it.
 * Every line is thus read by exactly one split.
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

  @Override
  public void initialize(InputSplit genericSplit, TaskAttemptContext context) throws IOException {
    FileSplit split = (FileSplit) genericSplit;
    this.context = context;
    start = split.getStart();
    end = start + split.getLength();
    String file = split.getPath().toString();
    in = JobFiles.get(file, context.getConfiguration()).open(file);
    boolean skipFirstLine = start != 0;
    if (skipFirstLine) {
      // Start one byte early: if that byte ends a line, the line at start is ours.
      start--;
    }
    in.seek(start);
    reader = new LineReader(in);
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
    reader = new LineReader(in);
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
    if (context != null) {
      context.getCounter(FileSystemCounter.BYTES_READ).increment(n);
    }
    return true;
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
    return start == end ? 1f : Math.min(1f, (pos - start) / (float) (end - start));
  }

  @Override
  public void close() throws IOException {
    if (in != null) {
      in.close();
    }
  }
}
