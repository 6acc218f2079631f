package io.quern.mapreduce.lib.output;

import io.quern.conf.CoreKeys;
import io.quern.fs.FileUtil;
import io.quern.fs.Path;
import io.quern.io.SequenceFile;
import io.quern.io.SequenceFile.CompressionType;
import io.quern.io.Writable;
import io.quern.io.compress.CompressionCodec;
import io.quern.mapreduce.FileSystemCounter;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.JobContext;
import io.quern.mapreduce.MapredKeys;
import io.quern.mapreduce.RecordWriter;
import io.quern.mapreduce.TaskAttemptContext;
import java.io.BufferedOutputStream;
import java.io.IOException;

/**
 * SequenceFiles of the job's output key and value classes; with compressed output, compressed
 * inside the file (record or block compression, {@value FileOutputFormat#COMPRESS_TYPE}), whose
 * name stays {@code part-r-NNNNN}.
 */
public class SequenceFileOutputFormat<K, V> extends FileOutputFormat<K, V> {

  /** Record or block compression of the output, when it is compressed. */
  public static void setOutputCompressionType(Job job, CompressionType style) {
    job.getConfiguration().set(COMPRESS_TYPE, style.name());
  }

  /** {@link CompressionType#RECORD} unless set, as in Hadoop. */
  public static CompressionType getOutputCompressionType(JobContext context) {
    String v = MapredKeys.OUTPUT_COMPRESS_TYPE.get(context.getConfiguration());
    try {
      return CompressionType.valueOf(v.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw context.getConfiguration().bad(COMPRESS_TYPE, v, "NONE, RECORD or BLOCK");
    }
  }

  @Override
  public RecordWriter<K, V> getRecordWriter(TaskAttemptContext context) throws IOException {
    Path file = getDefaultWorkFile(context, "");
    CompressionCodec codec = outputCodec(context);
    CompressionType type = codec == null ? CompressionType.NONE : getOutputCompressionType(context);
    int blockSize = CoreKeys.SEQFILE_COMPRESS_BLOCKSIZE.getInt(context.getConfiguration());
    SequenceFile.Writer writer = new SequenceFile.Writer(
        new BufferedOutputStream(FileUtil.create(file, context.getConfiguration()), 1 << 16),
        context.getOutputKeyClass(), context.getOutputValueClass(), type, codec, blockSize);
    return new RecordWriter<>() {
      @Override
      public void write(K key, V value) throws IOException {
        writer.append((Writable) key, (Writable) value);
      }

      @Override
      public void close(TaskAttemptContext c) throws IOException {
        long length = writer.getLength();
        writer.close();
        c.getCounter(FileSystemCounter.BYTES_WRITTEN).increment(length);
      }
    };
  }
}
