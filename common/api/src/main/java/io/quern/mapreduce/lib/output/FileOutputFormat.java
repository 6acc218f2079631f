package io.quern.mapreduce.lib.output;

import io.quern.io.compress.CompressionCodec;
import io.quern.io.compress.CompressionCodecFactory;
import io.quern.io.compress.DefaultCodec;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.JobContext;
import io.quern.mapreduce.MapredKeys;
import io.quern.mapreduce.OutputCommitter;
import io.quern.mapreduce.OutputFormat;
import io.quern.mapreduce.TaskAttemptContext;
import io.quern.mapreduce.TaskID;
import io.quern.mapreduce.TaskInputOutputContext;
import io.quern.mapreduce.lib.input.FileInputFormat;
import java.io.IOException;

/** Output to files named {@code part-m-NNNNN} / {@code part-r-NNNNN} in the output directory. */
public abstract class FileOutputFormat<K, V> extends OutputFormat<K, V> {
  public static final String OUTDIR = "mapreduce.output.fileoutputformat.outputdir";
  public static final String COMPRESS = "mapreduce.output.fileoutputformat.compress";
  public static final String COMPRESS_CODEC = "mapreduce.output.fileoutputformat.compress.codec";
  public static final String COMPRESS_TYPE = "mapreduce.output.fileoutputformat.compress.type";
  /** The first part of a task's file names, {@code part} unless set ({@link MultipleOutputs} sets it per writer). */
  public static final String BASE_OUTPUT_NAME = "mapreduce.output.basename";
  /** The default base name of output files. */
  protected static final String PART = "part";

  /**
   * Confined to the thread of the task or job step that uses this format (one instance each, as in
   * Hadoop).
   */
  private FileOutputCommitter committer;

  public static void setOutputPath(Job job, String path) {
    job.getConfiguration().set(OUTDIR, FileInputFormat.qualify(job.getConfiguration(), path));
  }

  public static void setOutputPath(Job job, io.quern.fs.Path path) {
    setOutputPath(job, path.toString());
  }

  /** The output directory, or null when none is set. */
  public static io.quern.fs.Path getOutputPath(JobContext context) {
    String out = context.getConfiguration().getTrimmed(OUTDIR);
    return out == null ? null : new io.quern.fs.Path(out);
  }

  /** Where this attempt writes its files (side files included), published when the task commits. */
  public static io.quern.fs.Path getWorkOutputPath(TaskInputOutputContext<?, ?, ?, ?> context) {
    OutputCommitter c = context.getOutputCommitter();
    return c instanceof FileOutputCommitter f && f.getWorkPath() != null ? new io.quern.fs.Path(f.getWorkPath()) : null;
  }

  /** Whether the job's output files are compressed ({@value #COMPRESS}). */
  public static void setCompressOutput(Job job, boolean compress) {
    job.getConfiguration().setBoolean(COMPRESS, compress);
  }

  public static boolean getCompressOutput(JobContext context) {
    return MapredKeys.OUTPUT_COMPRESS.getBoolean(context.getConfiguration());
  }

  /** Compresses the output with {@code codecClass} ({@value #COMPRESS_CODEC}), which turns compression on. */
  public static void setOutputCompressorClass(Job job, Class<? extends CompressionCodec> codecClass) {
    setCompressOutput(job, true);
    job.getConfiguration().setClass(COMPRESS_CODEC, codecClass, CompressionCodec.class);
  }

  /** The output codec class, {@code defaultValue} when unset; Hadoop's codec names stand for Quern's. */
  public static Class<? extends CompressionCodec> getOutputCompressorClass(JobContext context,
      Class<? extends CompressionCodec> defaultValue) {
    String name = context.getConfiguration().getTrimmed(COMPRESS_CODEC);
    if (name == null || name.isEmpty()) {
      return defaultValue;
    }
    return CompressionCodecFactory.codecClass(name, context.getConfiguration(), COMPRESS_CODEC);
  }

  /** The codec of the output files ({@link DefaultCodec} by default, as in Hadoop); null when not compressing. */
  protected static CompressionCodec outputCodec(JobContext context) {
    if (!getCompressOutput(context)) {
      return null;
    }
    return CompressionCodecFactory.newCodec(getOutputCompressorClass(context, DefaultCodec.class),
        context.getConfiguration());
  }

  @Override
  public void checkOutputSpecs(JobContext context) throws IOException {
    io.quern.fs.Path outPath = getOutputPath(context);
    if (outPath == null) {
      throw new io.quern.mapred.InvalidJobConfException("output directory not set");
    }
    if (outPath.getFileSystem(context.getConfiguration()).exists(outPath)) {
      throw new io.quern.mapred.FileAlreadyExistsException("output directory " + outPath + " already exists");
    }
  }

  @Override
  public synchronized OutputCommitter getOutputCommitter(TaskAttemptContext context) {
    if (committer == null) {
      committer = new FileOutputCommitter(getOutputPath(context).toString(), context);
    }
    return committer;
  }

  /** {@code part-r-00003} and the like, for the task of the context. */
  public static String getUniqueFile(TaskAttemptContext context, String name, String extension) {
    TaskID task = context.getTaskAttemptID().getTaskID();
    return String.format("%s-%s-%05d%s", name, task.isMap() ? "m" : "r", task.getId(), extension);
  }

  /** The first part of this task's file names ({@value #BASE_OUTPUT_NAME}, {@code part} by default). */
  protected static String getOutputName(JobContext context) {
    return MapredKeys.OUTPUT_BASENAME.get(context.getConfiguration());
  }

  /** Sets the first part of the file names written under {@code context}'s configuration. */
  protected static void setOutputName(JobContext context, String name) {
    context.getConfiguration().set(BASE_OUTPUT_NAME, name);
  }

  /**
   * The file this attempt writes, inside its private work directory:
   * {@code WORK/BASE-r-00003EXT} with BASE from {@value #BASE_OUTPUT_NAME}; a base name with
   * slashes makes subdirectories, published as they are when the task commits.
   */
  public io.quern.fs.Path getDefaultWorkFile(TaskAttemptContext context, String extension) {
    FileOutputCommitter c = (FileOutputCommitter) getOutputCommitter(context);
    return new io.quern.fs.Path(c.getWorkPath() + "/" + getUniqueFile(context, getOutputName(context), extension));
  }
}
