package io.quern.examples;

import io.quern.fs.FileStatus;
import io.quern.fs.FileSystem;
import io.quern.fs.FileUtil;
import io.quern.io.Text;
import io.quern.mapreduce.FileSystemCounter;
import io.quern.mapreduce.JobContext;
import io.quern.mapreduce.RecordWriter;
import io.quern.mapreduce.TaskAttemptContext;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Writes key and value bytes back to back: 100-byte TeraSort records, no separators. */
public class TeraOutputFormat extends FileOutputFormat<Text, Text> {
  /** The output directory may already hold terasort's partition file, and nothing else. */
  @Override
  public void checkOutputSpecs(JobContext context) throws IOException {
    io.quern.fs.Path outPath = getOutputPath(context);
    if (outPath == null) {
      throw new IOException("output directory not set");
    }
    FileSystem fs = outPath.getFileSystem(context.getConfiguration());
    if (fs.exists(outPath)) {
      for (FileStatus e : FileUtil.listSorted(fs, outPath)) {
        if (!e.getPath().getName().equals(TeraInputFormat.PARTITION_FILENAME)) {
          throw new IOException("output directory " + outPath + " already exists");
        }
      }
    }
  }

  @Override
  public RecordWriter<Text, Text> getRecordWriter(TaskAttemptContext context) throws IOException {
    OutputStream out = new BufferedOutputStream(
        FileUtil.create(getDefaultWorkFile(context, ""), context.getConfiguration()), 1 << 16);
    return new RecordWriter<>() {
      private long bytes;

      @Override
      public void write(Text key, Text value) throws IOException {
        out.write(key.getBytes(), 0, key.getLength());
        out.write(value.getBytes(), 0, value.getLength());
        bytes += key.getLength() + value.getLength();
      }

      @Override
      public void close(TaskAttemptContext c) throws IOException {
        out.close();
        c.getCounter(FileSystemCounter.BYTES_WRITTEN).increment(bytes);
      }
    };
  }
}
