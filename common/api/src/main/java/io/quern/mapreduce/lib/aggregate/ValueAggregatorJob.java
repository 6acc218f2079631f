package io.quern.mapreduce.lib.aggregate;

import io.quern.conf.Configuration;
import io.quern.fs.Path;
import io.quern.io.Text;
import io.quern.mapreduce.InputFormat;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.MRJobConfig;
import io.quern.mapreduce.lib.input.FileInputFormat;
import io.quern.mapreduce.lib.input.SequenceFileInputFormat;
import io.quern.mapreduce.lib.input.TextInputFormat;
import io.quern.mapreduce.lib.jobcontrol.ControlledJob;
import io.quern.mapreduce.lib.jobcontrol.JobControl;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import io.quern.mapreduce.lib.output.TextOutputFormat;
import io.quern.util.GenericOptionsParser;
import java.io.IOException;

/**
 * Makes aggregate jobs: the job's descriptors turn each record into {@code TYPE:id} / value
 * pairs, and the combiner and reducer fold each id's values with the aggregator its type names
 * (sums, minima and maxima, distinct counts, histograms), writing {@code id<TAB>result}.
 *
 * <p>Arguments: {@code inputDirs outputDir [numOfReducers [textinputformat|seq [specFile [jobName]]]]}
 * after the generic options; input is SequenceFiles unless the fourth says {@code textinputformat};
 * a spec file (a local configuration file) can name the descriptors and {@value
 * ValueAggregatorJobBase#USER_JAR}.
 */
public class ValueAggregatorJob {
  static final String USAGE =
      "usage: inputDirs outDir [numOfReducer [textinputformat|seq [specfile [jobName]]]]";

  private ValueAggregatorJob() {}

  /** The jobs {@code args} describe, as a job control (one job). */
  public static JobControl createValueAggregatorJobs(String[] args,
      Class<? extends ValueAggregatorDescriptor>[] descriptors) throws IOException {
    JobControl control = new JobControl("ValueAggregatorJobs");
    Configuration conf = new Configuration();
    if (descriptors != null) {
      conf = setAggregatorDescriptors(descriptors);
    }
    control.addJob(new ControlledJob(createValueAggregatorJob(conf, args), null));
    return control;
  }

  public static JobControl createValueAggregatorJobs(String[] args) throws IOException {
    return createValueAggregatorJobs(args, null);
  }

  /** A job over {@code args} with the descriptors {@code conf} names. */
  public static Job createValueAggregatorJob(Configuration conf, String[] args) throws IOException {
    String[] rest = new GenericOptionsParser(conf, args).getRemainingArgs();
    if (rest.length < 2) {
      throw new IllegalArgumentException("An aggregate job needs an input and an output directory; " + USAGE);
    }
    int reduces = 1;
    if (rest.length > 2) {
      try {
        reduces = Integer.parseInt(rest[2]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("The number of reducers is '" + rest[2] + "', not a number; " + USAGE);
      }
    }
    Class<? extends InputFormat> inputFormat = rest.length > 3 && rest[3].equalsIgnoreCase("textinputformat")
        ? TextInputFormat.class : SequenceFileInputFormat.class;
    if (rest.length > 4) {
      conf.addResource(java.nio.file.Path.of(rest[4]));
    }
    String jobName = rest.length > 5 ? rest[5] : "";
    String userJar = conf.getTrimmed(ValueAggregatorJobBase.USER_JAR);
    boolean hasUserJar = userJar != null && !userJar.isEmpty();
    if (hasUserJar) {
      conf.set(MRJobConfig.JAR, userJar);
    }
    Job job = Job.getInstance(conf);
    if (!hasUserJar) {
      job.setJarByClass(ValueAggregator.class);
    }
    job.setJobName("ValueAggregatorJob: " + jobName);
    FileInputFormat.addInputPaths(job, rest[0]);
    job.setInputFormatClass(inputFormat);
    job.setMapperClass(ValueAggregatorMapper.class);
    FileOutputFormat.setOutputPath(job, new Path(rest[1]));
    job.setOutputFormatClass(TextOutputFormat.class);
    job.setMapOutputKeyClass(Text.class);
    job.setMapOutputValueClass(Text.class);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(Text.class);
    job.setReducerClass(ValueAggregatorReducer.class);
    job.setCombinerClass(ValueAggregatorCombiner.class);
    job.setNumReduceTasks(reduces);
    return job;
  }

  /** A job over {@code args} with {@code descriptors}. */
  public static Job createValueAggregatorJob(String[] args,
      Class<? extends ValueAggregatorDescriptor>[] descriptors) throws IOException {
    return createValueAggregatorJob(setAggregatorDescriptors(descriptors), args);
  }

  /** A configuration naming {@code descriptors}, as the tasks read them. */
  public static Configuration setAggregatorDescriptors(Class<? extends ValueAggregatorDescriptor>[] descriptors) {
    Configuration conf = new Configuration();
    conf.setInt(ValueAggregatorJobBase.DESCRIPTOR_NUM, descriptors.length);
    for (int i = 0; i < descriptors.length; i++) {
      conf.set(ValueAggregatorJobBase.DESCRIPTOR + "." + i, "UserDefined," + descriptors[i].getName());
    }
    return conf;
  }

  /** Runs the job {@code args} describe (descriptors from its spec file) and exits 0 when it succeeded. */
  public static void main(String[] args) throws IOException, InterruptedException {
    Job job;
    try {
      job = createValueAggregatorJob(new Configuration(), args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    System.exit(job.waitForCompletion(true) ? 0 : 1);
  }
}
