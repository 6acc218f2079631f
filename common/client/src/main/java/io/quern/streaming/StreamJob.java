package io.quern.streaming;

import io.quern.cli.CliMain;
import io.quern.cluster.zk.ZkSessionsAtExit;
import io.quern.conf.Configuration;
import io.quern.conf.Configured;
import io.quern.io.Text;
import io.quern.mapreduce.InputFormat;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.MRJobConfig;
import io.quern.mapreduce.Mapper;
import io.quern.mapreduce.OutputFormat;
import io.quern.mapreduce.Partitioner;
import io.quern.mapreduce.Reducer;
import io.quern.filecache.DistributedCache;
import io.quern.mapreduce.lib.input.FileInputFormat;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import io.quern.util.GenericOptionsParser;
import io.quern.util.Tool;
import java.util.List;

/**
 * {@code quern streaming}: a job whose mapper, combiner and reducer are external programs,
 * with Hadoop Streaming's options (generic options such as {@code -D} come first):
 *
 * <pre>
 * quern streaming [-D k=v]... -input IN... -output OUT -mapper CMD [-combiner CMD] [-reducer CMD|NONE]
 *     [-file F]... [-cacheFile URI#NAME]... [-cacheArchive URI#NAME]... [-cmdenv K=V]... [-inputformat C] [-outputformat C] [-partitioner C] [-numReduceTasks N]
 * </pre>
 *
 * The job carries no jar: its tasks run Quern's own {@link PipeMapper}, {@link PipeReducer} and
 * {@link PipeCombiner}, which start the programs; {@code -file} ships a local file to every task's
 * working directory. A mapper, combiner or reducer may also be a Java class of Quern's class
 * path, and a format or partitioner may be named by its simple name ({@code NLineInputFormat})
 * or by its Hadoop name.
 */
public final class StreamJob extends Configured implements Tool {
  static final String USAGE = String.join("\n",
      "Usage: quern streaming [GENERIC_OPTIONS] -input IN -output OUT -mapper CMD [OPTIONS]",
      "  -input PATH            input file, directory or glob (repeatable, or comma-separated)",
      "  -output DIR            output directory (must not exist)",
      "  -mapper CMD|CLASS      the program each map runs; input records on its stdin, 'key TAB value' lines out",
      "  -combiner CMD|CLASS    a combiner program, fed sorted 'key TAB value' lines",
      "  -reducer CMD|CLASS     the program each reduce runs, fed sorted 'key TAB value' lines; NONE for a map-only job",
      "  -file FILE             ship a local file to every task's working directory (repeatable)",
      "  -cacheFile URI#NAME    a DFS file every task finds in its working directory as NAME (repeatable)",
      "  -cacheArchive URI#NAME a DFS archive every task finds unpacked in its working directory as NAME",
      "  -cmdenv NAME=VALUE     an environment variable for the programs (repeatable)",
      "  -inputformat CLASS     e.g. TextInputFormat (default), KeyValueTextInputFormat, NLineInputFormat",
      "  -outputformat CLASS    e.g. TextOutputFormat (default), SequenceFileOutputFormat",
      "  -partitioner CLASS     e.g. HashPartitioner (default)",
      "  -numReduceTasks N      number of reduces (0 is a map-only job)",
      "Generic options come before these: -D key=value, -conf FILE, -jt local, -files F1[#NAME],F2,",
      "  -archives A1.tgz[#NAME],A2.zip (unpacked in each task's working directory), -libjars J1.jar,J2.jar.");

  /** Immutable. */
  private static final List<String> INPUT_PACKAGES = List.of("io.quern.mapreduce.lib.input.");
  /** Immutable. */
  private static final List<String> OUTPUT_PACKAGES = List.of("io.quern.mapreduce.lib.output.");
  /** Immutable. */
  private static final List<String> PARTITION_PACKAGES = List.of("io.quern.mapreduce.lib.partition.");

  public StreamJob() {
    setConf(new Configuration());
  }

  public static void main(String[] args) {
    ZkSessionsAtExit.install();
    System.exit(CliMain.run("streaming", new StreamJob(), args));
  }

  @Override
  public int run(String[] args) throws Exception {
    if (args.length == 0 || List.of("-help", "--help", "-info").contains(args[0])) {
      System.out.println(USAGE);
      return args.length == 0 ? 2 : 0;
    }
    Job job = createJob(getConf(), args);
    boolean ok = job.waitForCompletion(true);
    if (ok) {
      System.err.println("Output directory: " + FileOutputFormat.getOutputPath(job));
    }
    return ok ? 0 : 1;
  }

  /**
   * The job {@code args} (the streaming options, after the generic ones) describe, not yet
   * submitted, for a program that follows the job itself; a bad argument is one sentence.
   */
  public static Job createJob(Configuration base, String[] args) throws Exception {
    StreamOptions o = StreamOptions.parse(args);
    Job job = Job.getInstance(base);
    // The job's own copy: what is set here travels with the job.
    Configuration conf = job.getConfiguration();
    o.jobconf().forEach((k, v) -> conf.set(k, v, "-jobconf option"));
    if (!o.files().isEmpty()) {
      GenericOptionsParser.addShipFiles(conf, o.files().toArray(new String[0]));
    }
    for (String f : o.cacheFiles()) {
      DistributedCache.addCacheFile(cacheUri("-cacheFile", f), conf);
    }
    for (String a : o.cacheArchives()) {
      DistributedCache.addCacheArchive(cacheUri("-cacheArchive", a), conf);
    }
    if (!o.cmdenv().isEmpty()) {
      String before = conf.get(StreamKeys.ENVIRONMENT, "").strip();
      conf.set(StreamKeys.ENVIRONMENT, (before.isEmpty() ? "" : before + " ") + String.join(" ", o.cmdenv()));
    }
    if (conf.getTrimmed(MRJobConfig.JOB_NAME) == null) {
      String m = o.mapper();
      job.setJobName("streaming: " + (m.length() <= 60 ? m : m.substring(0, 57) + "..."));
    }
    Class<? extends Mapper> mapperClass = javaClass(o.mapper(), Mapper.class, conf);
    if (mapperClass != null) {
      job.setMapperClass(mapperClass);
    } else {
      conf.set(StreamKeys.MAP_COMMAND, o.mapper());
      job.setMapperClass(PipeMapper.class);
    }
    if (o.combiner() != null) {
      Class<? extends Reducer> c = javaClass(o.combiner(), Reducer.class, conf);
      if (c == null) {
        conf.set(StreamKeys.COMBINE_COMMAND, o.combiner());
        c = PipeCombiner.class;
      }
      job.setCombinerClass(c);
    }
    if ("NONE".equals(o.reducer())) {
      job.setNumReduceTasks(0);
    } else if (o.reducer() != null) {
      Class<? extends Reducer> r = javaClass(o.reducer(), Reducer.class, conf);
      if (r == null) {
        conf.set(StreamKeys.REDUCE_COMMAND, o.reducer());
        r = PipeReducer.class;
      }
      job.setReducerClass(r);
    }
    if (o.numReduceTasks() != null && !"NONE".equals(o.reducer())) {
      job.setNumReduceTasks(o.numReduceTasks());
    }
    if (o.inputFormat() != null) {
      job.setInputFormatClass(namedClass("-inputformat", o.inputFormat(), InputFormat.class, INPUT_PACKAGES, conf));
    }
    if (o.outputFormat() != null) {
      job.setOutputFormatClass(namedClass("-outputformat", o.outputFormat(), OutputFormat.class, OUTPUT_PACKAGES,
          conf));
    }
    if (o.partitioner() != null) {
      job.setPartitionerClass(namedClass("-partitioner", o.partitioner(), Partitioner.class, PARTITION_PACKAGES,
          conf));
    }
    // The programs speak text: Text records unless the job says otherwise (a Java mapper's own types).
    for (String key : List.of(MRJobConfig.MAP_OUTPUT_KEY_CLASS, MRJobConfig.MAP_OUTPUT_VALUE_CLASS,
        MRJobConfig.OUTPUT_KEY_CLASS, MRJobConfig.OUTPUT_VALUE_CLASS)) {
      if (conf.getTrimmed(key) == null) {
        conf.setClass(key, Text.class, Object.class);
      }
    }
    for (String in : o.inputs()) {
      FileInputFormat.addInputPaths(job, in);
    }
    FileOutputFormat.setOutputPath(job, o.output());
    return job;
  }

  /** Hadoop Streaming's {@code -cacheFile URI#name}: a URI of the DFS (or a path in it). */
  private static java.net.URI cacheUri(String option, String spec) {
    try {
      return new java.net.URI(spec.strip());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException(option + " expects URI#NAME, got '" + spec + "'");
    }
  }

  /**
   * The class {@code spec} names if it is one of {@code type} on the class path, else null (the
   * spec is a command). Only dotted names without spaces are tried: {@code cat} and
   * {@code python3 x.py} are commands, and so is {@code evaluate.py}, which no class is.
   */
  @SuppressWarnings("unchecked")
  static <T> Class<? extends T> javaClass(String spec, Class<T> type, Configuration conf) {
    if (!spec.matches("[\\w$]+(\\.[\\w$]+)+")) {
      return null;
    }
    try {
      Class<?> c = conf.getClassByName(spec);
      return type.isAssignableFrom(c) ? (Class<? extends T>) c : null;
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }

  /**
   * The class of an option such as {@code -inputformat}: as named, else by its simple name in
   * Quern's library packages, so that {@code NLineInputFormat} and Hadoop's
   * {@code org.apache.hadoop.mapred.lib.NLineInputFormat} both work.
   */
  @SuppressWarnings("unchecked")
  static <T> Class<? extends T> namedClass(String option, String name, Class<T> type, List<String> packages,
      Configuration conf) {
    String simple = name.substring(name.lastIndexOf('.') + 1);
    Class<?> found = null;
    try {
      found = conf.getClassByName(name);
    } catch (ClassNotFoundException | LinkageError e) {
      for (String p : packages) {
        try {
          found = conf.getClassByName(p + simple);
          break;
        } catch (ClassNotFoundException | LinkageError ignored) {
          // try the next package
        }
      }
    }
    if (found == null) {
      throw new IllegalArgumentException(option + " " + name + ": no such class on Quern's class path");
    }
    if (!type.isAssignableFrom(found)) {
      throw new IllegalArgumentException(option + " " + name + ": " + found.getName() + " is not a "
          + type.getSimpleName());
    }
    return (Class<? extends T>) found;
  }
}
