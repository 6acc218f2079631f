package io.quern.mapreduce.lib.output;

import io.quern.conf.Configuration;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.JobContext;
import io.quern.mapreduce.MRJobConfig;
import io.quern.mapreduce.MapredKeys;
import io.quern.mapreduce.OutputFormat;
import io.quern.mapreduce.RecordWriter;
import io.quern.mapreduce.TaskAttemptContext;
import io.quern.mapreduce.TaskInputOutputContext;
import io.quern.mapreduce.task.ConfiguredTaskContext;
import io.quern.mapreduce.task.ReflectionUtil;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a task's records to more outputs than the job's one: named outputs, each with its
 * own output format and key and value classes ({@link #addNamedOutput}), and files of any base
 * name ({@link #write(Object, Object, String)}). Every file is written in the attempt's work
 * directory as {@code BASE-m-00003} or {@code BASE-r-00003}, so it is committed, aborted and
 * left to one speculative attempt exactly as the task's {@code part} file is. Make one in
 * {@code setup}, and {@link #close()} it in {@code cleanup}, which flushes every file.
 *
 * <p>Confined to the thread using it (not thread-safe, as Hadoop's MultipleOutputs is).
 */
public class MultipleOutputs<KEYOUT, VALUEOUT> {
  /** The job's named outputs, separated by spaces. */
  public static final String MULTIPLE_OUTPUTS = "mapreduce.multipleoutputs";
  /** Whether each output file counts its records in group {@link #COUNTERS_GROUP}. */
  public static final String COUNTERS_ENABLED = "mapreduce.multipleoutputs.counters";
  private static final String MO_PREFIX = "mapreduce.multipleoutputs.namedOutput.";
  private static final String FORMAT = ".format";
  private static final String KEY = ".key";
  private static final String VALUE = ".value";
  /** The counter group of the per-file record counts; a counter is named after its file's base name. */
  public static final String COUNTERS_GROUP = MultipleOutputs.class.getName();

  private final TaskInputOutputContext<?, ?, KEYOUT, VALUEOUT> context;
  private final Set<String> namedOutputs;
  private final boolean countersEnabled;
  /** Writers by base name: each base name is one file of this task. */
  private final Map<String, RecordWriter<?, ?>> writers = new HashMap<>();
  private final Map<String, TaskAttemptContext> writerContexts = new HashMap<>();

  public MultipleOutputs(TaskInputOutputContext<?, ?, KEYOUT, VALUEOUT> context) {
    this.context = context;
    this.namedOutputs = Set.copyOf(getNamedOutputsList(context));
    this.countersEnabled = getCountersEnabled(context);
  }

  /**
   * Adds a named output to the job.
   *
   * @param namedOutput letters and digits only, not {@code part}
   * @throws IllegalArgumentException if the name is invalid or already taken
   */
  @SuppressWarnings("rawtypes")
  public static void addNamedOutput(Job job, String namedOutput, Class<? extends OutputFormat> outputFormatClass,
      Class<?> keyClass, Class<?> valueClass) {
    checkNamedOutputName(job, namedOutput, true);
    Configuration conf = job.getConfiguration();
    String names = conf.get(MULTIPLE_OUTPUTS, "");
    conf.set(MULTIPLE_OUTPUTS, names.isBlank() ? namedOutput : names + " " + namedOutput);
    conf.setClass(MO_PREFIX + namedOutput + FORMAT, outputFormatClass, OutputFormat.class);
    conf.setClass(MO_PREFIX + namedOutput + KEY, keyClass, Object.class);
    conf.setClass(MO_PREFIX + namedOutput + VALUE, valueClass, Object.class);
  }

  /** Turns on the per-file record counters ({@value #COUNTERS_ENABLED}); off by default, as they may be many. */
  public static void setCountersEnabled(Job job, boolean enabled) {
    job.getConfiguration().setBoolean(COUNTERS_ENABLED, enabled);
  }

  public static boolean getCountersEnabled(JobContext job) {
    return MapredKeys.MULTIPLE_OUTPUTS_COUNTERS.getBoolean(job.getConfiguration());
  }

  private static List<String> getNamedOutputsList(JobContext job) {
    String names = job.getConfiguration().get(MULTIPLE_OUTPUTS, "");
    List<String> out = new ArrayList<>();
    for (String n : names.split("\\s+")) {
      if (!n.isEmpty()) {
        out.add(n);
      }
    }
    return out;
  }

  private static void checkTokenName(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("a named output's name cannot be empty");
    }
    for (char c : name.toCharArray()) {
      if (!Character.isLetterOrDigit(c) || c > 127) {
        throw new IllegalArgumentException("named output '" + name + "' may hold only the letters A-Z, a-z and digits");
      }
    }
  }

  private static void checkNamedOutputName(JobContext job, String name, boolean alreadyDefined) {
    checkTokenName(name);
    if (FileOutputFormat.PART.equals(name)) {
      throw new IllegalArgumentException("named output name cannot be '" + FileOutputFormat.PART + "'");
    }
    boolean defined = getNamedOutputsList(job).contains(name);
    if (alreadyDefined && defined) {
      throw new IllegalArgumentException("named output '" + name + "' is already defined");
    }
    if (!alreadyDefined && !defined) {
      throw new IllegalArgumentException("named output '" + name + "' is not defined");
    }
  }

  /** A base output path names files; it may hold slashes (subdirectories of the output), never "part". */
  private static void checkBaseOutputPath(String outputPath) {
    if (outputPath == null || outputPath.isEmpty() || outputPath.startsWith("/") || outputPath.contains("..")) {
      throw new IllegalArgumentException("base output path '" + outputPath
          + "' must be a relative path inside the output directory");
    }
    if (outputPath.equals(FileOutputFormat.PART)) {
      throw new IllegalArgumentException("base output path cannot be '" + FileOutputFormat.PART + "'");
    }
  }

  /** Writes to the named output's file {@code namedOutput-m-NNNNN} / {@code namedOutput-r-NNNNN}. */
  public <K, V> void write(String namedOutput, K key, V value) throws IOException, InterruptedException {
    write(namedOutput, key, value, namedOutput);
  }

  /**
   * Writes to a file of the named output's format and classes, named after {@code
   * baseOutputPath} ({@code baseOutputPath-r-NNNNN}).
   */
  public <K, V> void write(String namedOutput, K key, V value, String baseOutputPath)
      throws IOException, InterruptedException {
    checkBaseOutputPath(baseOutputPath);
    if (!namedOutputs.contains(namedOutput)) {
      throw new IllegalArgumentException("undefined named output '" + namedOutput + "'; the job defines "
          + (namedOutputs.isEmpty() ? "none" : String.join(", ", namedOutputs)));
    }
    writerFor(namedOutput, baseOutputPath).write(key, value);
  }

  /** Writes through the job's own output format and output classes to {@code baseOutputPath-r-NNNNN}. */
  public void write(KEYOUT key, VALUEOUT value, String baseOutputPath) throws IOException, InterruptedException {
    checkBaseOutputPath(baseOutputPath);
    if (namedOutputs.contains(baseOutputPath)) {
      throw new IllegalArgumentException("base output path '" + baseOutputPath
          + "' is a named output's; write to the named output instead");
    }
    writerFor(null, baseOutputPath).write(key, value);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private RecordWriter<Object, Object> writerFor(String namedOutput, String baseFileName)
      throws IOException, InterruptedException {
    RecordWriter writer = writers.get(baseFileName);
    if (writer != null) {
      return writer;
    }
    Configuration conf = new Configuration(context.getConfiguration());
    if (namedOutput != null) {
      conf.set(MRJobConfig.OUTPUT_FORMAT_CLASS, conf.get(MO_PREFIX + namedOutput + FORMAT));
      conf.set(MRJobConfig.OUTPUT_KEY_CLASS, conf.get(MO_PREFIX + namedOutput + KEY));
      conf.set(MRJobConfig.OUTPUT_VALUE_CLASS, conf.get(MO_PREFIX + namedOutput + VALUE));
    }
    conf.set(FileOutputFormat.BASE_OUTPUT_NAME, baseFileName);
    TaskAttemptContext taskContext = new ConfiguredTaskContext(conf, context);
    OutputFormat format;
    try {
      format = ReflectionUtil.newInstance(taskContext.getOutputFormatClass(), conf);
    } catch (ClassNotFoundException e) {
      throw new IOException("output format of " + (namedOutput == null ? "the job" : namedOutput) + " not found", e);
    }
    writer = format.getRecordWriter(taskContext);
    if (countersEnabled) {
      writer = new CountingWriter(writer, context.getCounter(COUNTERS_GROUP, baseFileName));
    }
    writers.put(baseFileName, writer);
    writerContexts.put(baseFileName, taskContext);
    return writer;
  }

  /** Closes every file this task wrote; call it in the mapper's or reducer's {@code cleanup}. */
  @SuppressWarnings("rawtypes")
  public void close() throws IOException, InterruptedException {
    IOException first = null;
    for (Map.Entry<String, RecordWriter<?, ?>> e : writers.entrySet()) {
      try {
        ((RecordWriter) e.getValue()).close(writerContexts.get(e.getKey()));
      } catch (IOException ex) {
        if (first == null) {
          first = ex;
        } else {
          first.addSuppressed(ex);
        }
      }
    }
    writers.clear();
    writerContexts.clear();
    if (first != null) {
      throw first;
    }
  }

  /** Counts a file's records into its counter. */
  private static final class CountingWriter<K, V> extends RecordWriter<K, V> {
    private final RecordWriter<K, V> writer;
    private final io.quern.mapreduce.Counter counter;

    CountingWriter(RecordWriter<K, V> writer, io.quern.mapreduce.Counter counter) {
      this.writer = writer;
      this.counter = counter;
    }

    @Override
    public void write(K key, V value) throws IOException, InterruptedException {
      writer.write(key, value);
      counter.increment(1);
    }

    @Override
    public void close(TaskAttemptContext context) throws IOException, InterruptedException {
      writer.close(context);
    }
  }
}
