package io.quern.mapred;

import io.quern.fs.FileSystem;
import io.quern.fs.Path;
import io.quern.mapreduce.MapredKeys;
import io.quern.mapreduce.lib.input.FileInputFormat;
import io.quern.mapreduce.lib.output.FileOutputCommitter;
import java.io.IOException;

/**
 * The old API's output to files in the job's output directory (the new API's {@code
 * mapreduce.output.fileoutputformat.outputdir}). A task writes into its private work
 * directory, {@link #getWorkOutputPath}; the framework publishes it when the task commits, so
 * a failed or duplicate attempt leaves nothing behind ({@link FileOutputCommitter}).
 */
public abstract class FileOutputFormat<K, V> implements OutputFormat<K, V> {
  static final String OUTDIR = io.quern.mapreduce.lib.output.FileOutputFormat.OUTDIR;

  public static void setOutputPath(JobConf job, Path outputDir) {
    job.set(OUTDIR, FileInputFormat.qualify(job, outputDir.toString()));
  }

  /** The job's output directory, or null when none is set. */
  public static Path getOutputPath(JobConf job) {
    String out = job.getTrimmed(OUTDIR);
    return out == null ? null : new Path(out);
  }

  /**
   * Inside a task: the attempt's private directory, where its output and any side files go
   * (published when the task commits). Null outside a task.
   */
  public static Path getWorkOutputPath(JobConf job) {
    String work = job.getTrimmed(TaskJobConf.WORK_OUTPUT_DIR);
    return work == null ? null : new Path(work);
  }

  /** The file {@code name} in the attempt's work directory (or the output directory outside a task). */
  public static Path getTaskOutputPath(JobConf job, String name) throws IOException {
    Path dir = getWorkOutputPath(job);
    if (dir == null) {
      dir = getOutputPath(job);
    }
    if (dir == null) {
      throw new InvalidJobConfException("output directory not set in the job");
    }
    return new Path(dir, name);
  }

  /** {@code name-m-00003} or {@code name-r-00003} for the task of {@code job}: a file name no other task uses. */
  public static String getUniqueName(JobConf job, String name) {
    int partition = job.getInt(TaskJobConf.TASK_PARTITION, -1);
    if (partition < 0) {
      throw new IllegalArgumentException("not inside a task: " + TaskJobConf.TASK_PARTITION + " is not set");
    }
    return String.format("%s-%s-%05d", name, job.getBoolean(TaskJobConf.TASK_IS_MAP, true) ? "m" : "r", partition);
  }

  /** Whether the job's output files are compressed (the new API's key, so both APIs agree). */
  public static void setCompressOutput(JobConf job, boolean compress) {
    job.setBoolean(io.quern.mapreduce.lib.output.FileOutputFormat.COMPRESS, compress);
  }

  public static boolean getCompressOutput(JobConf job) {
    return MapredKeys.OUTPUT_COMPRESS.getBoolean(job);
  }

  /** The codec of the output files; as in Hadoop's old API this does not turn compression on by itself. */
  public static void setOutputCompressorClass(JobConf job,
      Class<? extends io.quern.io.compress.CompressionCodec> codecClass) {
    job.setClass(io.quern.mapreduce.lib.output.FileOutputFormat.COMPRESS_CODEC, codecClass,
        io.quern.io.compress.CompressionCodec.class);
  }

  /** The output codec class, {@code defaultValue} when unset; Hadoop's codec names stand for Quern's. */
  public static Class<? extends io.quern.io.compress.CompressionCodec> getOutputCompressorClass(JobConf job,
      Class<? extends io.quern.io.compress.CompressionCodec> defaultValue) {
    String key = io.quern.mapreduce.lib.output.FileOutputFormat.COMPRESS_CODEC;
    String name = job.getTrimmed(key);
    return name == null || name.isEmpty() ? defaultValue
        : io.quern.io.compress.CompressionCodecFactory.codecClass(name, job, key);
  }

  /** The codec of the output files ({@code DefaultCodec} unless set); null when not compressing. */
  protected static io.quern.io.compress.CompressionCodec outputCodec(JobConf job) {
    if (!getCompressOutput(job)) {
      return null;
    }
    return io.quern.io.compress.CompressionCodecFactory.newCodec(
        getOutputCompressorClass(job, io.quern.io.compress.DefaultCodec.class), job);
  }

  @Override
  public void checkOutputSpecs(FileSystem ignored, JobConf job) throws IOException {
    Path out = getOutputPath(job);
    if (out == null) {
      throw new InvalidJobConfException("output directory not set in the job");
    }
    if (out.getFileSystem(job).exists(out)) {
      throw new FileAlreadyExistsException("output directory " + out + " already exists");
    }
  }
}
