package io.quern.mapreduce.lib.input;

import io.quern.conf.Configuration;
import io.quern.fs.Path;
import io.quern.io.LongWritable;
import io.quern.io.SeekableInput;
import io.quern.io.Text;
import io.quern.mapreduce.InputSplit;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.JobContext;
import io.quern.mapreduce.MapredKeys;
import io.quern.mapreduce.RecordReader;
import io.quern.mapreduce.TaskAttemptContext;
import io.quern.util.LineReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Text files cut into splits of N lines each ({@value #LINES_PER_MAP}, 1 by default), as
 * Hadoop's NLineInputFormat: each map gets N lines however short, which makes a task farm of
 * one parameter set per task. Records are those of {@link TextInputFormat}: the line's byte
 * offset and the line. The client reads every input file once to find the line boundaries.
 *
 * <p>A split starts exactly at the first byte of its first line and ends exactly after the
 * terminator of its last: {@link LineRecordReader} then reads exactly these lines, since it
 * reads the lines that start within the split and keeps the line at a split's start when the
 * byte before it ends a line.
 */
public class NLineInputFormat extends FileInputFormat<LongWritable, Text> {
  public static final String LINES_PER_MAP = "mapreduce.input.lineinputformat.linespermap";

  public static void setNumLinesPerSplit(Job job, int lines) {
    job.getConfiguration().setInt(LINES_PER_MAP, lines);
  }

  public static int getNumLinesPerSplit(JobContext context) {
    Configuration conf = context.getConfiguration();
    int n = MapredKeys.LINES_PER_MAP.getInt(conf);
    if (n < 1) {
      throw conf.bad(LINES_PER_MAP, String.valueOf(n), "a number of lines of at least 1");
    }
    return n;
  }

  @Override
  public RecordReader<LongWritable, Text> createRecordReader(InputSplit split, TaskAttemptContext context) {
    return new LineRecordReader();
  }

  @Override
  public List<InputSplit> getSplits(JobContext context) throws IOException {
    int linesPerSplit = getNumLinesPerSplit(context);
    List<InputSplit> splits = new ArrayList<>();
    for (io.quern.fs.FileStatus file : listStatus(context)) {
      splits.addAll(splitsOf(file.getPath().toString(), linesPerSplit, context.getConfiguration()));
    }
    return splits;
  }

  /**
   * The splits of one file, {@code linesPerSplit} lines each (the last may have fewer). They
   * name no hosts: a split of a few lines is cheap to read from anywhere, and the farm's tasks
   * should spread over all free slots rather than wait for the block's hosts.
   */
  public static List<FileSplit> splitsOf(String path, int linesPerSplit, Configuration conf) throws IOException {
    List<FileSplit> splits = new ArrayList<>();
    Path file = new Path(path);
    try (SeekableInput in = file.getFileSystem(conf).open(file)) {
      LineReader reader = new LineReader(in.asInputStream());
      Text line = new Text();
      long start = 0;
      long pos = 0;
      int lines = 0;
      int n;
      while ((n = reader.readLine(line)) > 0) {
        pos += n;
        if (++lines == linesPerSplit) {
          splits.add(new FileSplit(path, start, pos - start, new String[0]));
          start = pos;
          lines = 0;
        }
      }
      if (lines > 0) {
        splits.add(new FileSplit(path, start, pos - start, new String[0]));
      }
    }
    return splits;
  }
}
