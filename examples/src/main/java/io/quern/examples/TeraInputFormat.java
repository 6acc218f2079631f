package io.quern.examples;

import io.quern.io.SeekableInput;
import io.quern.io.Text;
import io.quern.mapreduce.FileSystemCounter;
import io.quern.mapreduce.InputSplit;
import io.quern.mapreduce.JobContext;
import io.quern.mapreduce.RecordReader;
import io.quern.mapreduce.TaskAttemptContext;
import io.quern.mapreduce.lib.input.FileInputFormat;
import io.quern.mapreduce.lib.input.FileSplit;
import java.io.EOFException;
import java.io.IOException;

/**
 * Files of 100-byte TeraSort records, key the first 10 bytes, value the other 90. A split
 * owns the records that start inside it.
 */
public class TeraInputFormat extends FileInputFormat<Text, Text> {
  public static final String PARTITION_FILENAME = "_partition.lst";

  /** For teravalidate: one split per file, so that a map sees a whole output file. */
  public static class WholeFiles extends TeraInputFormat {
    @Override
    protected boolean isSplitable(JobContext context, io.quern.fs.Path file) {
      return false;
    }
  }

  @Override
  public RecordReader<Text, Text> createRecordReader(InputSplit split, TaskAttemptContext context) {
    return new RecordReader<>() {
      private SeekableInput in;
      private long pos;
      private long start;
      private long end;
      private final byte[] buf = new byte[TeraRecord.LENGTH];
      private final Text key = new Text();
      private final Text value = new Text();
      private TaskAttemptContext context;

      @Override
      public void initialize(InputSplit s, TaskAttemptContext c) throws IOException {
        context = c;
        FileSplit fs = (FileSplit) s;
        io.quern.fs.Path file = fs.getPath();
        in = file.getFileSystem(c.getConfiguration()).open(file);
        long length = in.length();
        start = (fs.getStart() + TeraRecord.LENGTH - 1) / TeraRecord.LENGTH * TeraRecord.LENGTH;
        end = Math.min(length, fs.getStart() + fs.getLength());
        pos = start;
        in.seek(start);
      }

      @Override
      public boolean nextKeyValue() throws IOException {
        if (pos >= end) {
          return false;
        }
        int got = 0;
        while (got < TeraRecord.LENGTH) {
          int n = in.read(buf, got, TeraRecord.LENGTH - got);
          if (n < 0) {
            if (got == 0) {
              return false;
            }
            throw new EOFException("truncated record at offset " + pos);
          }
          got += n;
        }
        key.set(buf, 0, TeraRecord.KEY_LENGTH);
        value.set(buf, TeraRecord.KEY_LENGTH, TeraRecord.VALUE_LENGTH);
        pos += TeraRecord.LENGTH;
        return true;
      }

      @Override
      public Text getCurrentKey() {
        return key;
      }

      @Override
      public Text getCurrentValue() {
        return value;
      }

      @Override
      public float getProgress() {
        return end == start ? 1f : (pos - start) / (float) (end - start);
      }

      @Override
      public void close() throws IOException {
        if (in != null) {
          context.getCounter(FileSystemCounter.BYTES_READ).increment(pos - start);
          long local = in.getShortCircuitBytesRead();
          if (local > 0) {
            context.getCounter(FileSystemCounter.BYTES_READ_SHORT_CIRCUIT).increment(local);
          }
          in.close();
          in = null;
        }
      }
    };
  }
}
