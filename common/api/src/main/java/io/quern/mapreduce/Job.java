package io.quern.mapreduce;

import io.quern.conf.Configuration;
import io.quern.filecache.DistributedCache;
import io.quern.fs.Path;
import io.quern.io.RawComparator;
import io.quern.mapreduce.JobState;
import io.quern.mapreduce.JobStatusReport;
import io.quern.mapreduce.spi.JobRunner;
import io.quern.mapreduce.spi.JobRunners;
import io.quern.mapreduce.spi.RunningJob;
import io.quern.mapreduce.task.JobContextImpl;
import io.quern.util.ClassUtil;
import java.io.IOException;
import java.net.URI;

/**
 * A job as its author configures, submits and follows it. Setters work until
 * {@link #submit()}; afterwards the job reports its state.
 */
// The setters take raw class types, as Hadoop's do, so that users pass plain class literals.
@SuppressWarnings("rawtypes")
public class Job extends JobContextImpl {
  /**
   * With lastStatus: confined to the thread that submits and follows the job (not thread-safe, as Hadoop's
   * Job is), or guarded by its ControlledJob's lock when a JobControl runs it.
   */
  private RunningJob running;
  private JobStatusReport lastStatus;

  /** A job on the defaults and site files. */
  public Job() {
    this(new Configuration());
  }

  /** A job on a copy of {@code conf}. */
  public Job(Configuration conf) {
    super(new Configuration(conf), null);
  }

  public Job(Configuration conf, String jobName) {
    this(conf);
    setJobName(jobName);
  }

  public static Job getInstance() {
    return getInstance(new Configuration());
  }

  public static Job getInstance(Configuration conf) {
    return new Job(conf);
  }

  public static Job getInstance(Configuration conf, String jobName) {
    Job job = new Job(conf);
    job.setJobName(jobName);
    return job;
  }

  private void ensureNotSubmitted() {
    if (running != null) {
      throw new IllegalStateException("job " + running.jobId() + " is already submitted");
    }
  }

  public void setJobName(String name) {
    ensureNotSubmitted();
    conf.set(MRJobConfig.JOB_NAME, name);
  }

  /** Ships the jar holding this class with the job (nothing to ship when it is a directory). */
  public void setJarByClass(Class<?> cls) {
    ensureNotSubmitted();
    String jar = ClassUtil.findContainingJar(cls);
    if (jar != null) {
      conf.set(MRJobConfig.JAR, jar);
    }
  }

  public void setJar(String jar) {
    ensureNotSubmitted();
    conf.set(MRJobConfig.JAR, jar);
  }

  private void setClass(String key, Class<?> cls, Class<?> iface) {
    ensureNotSubmitted();
    conf.setClass(key, cls, iface);
  }

  public void setMapperClass(Class<? extends Mapper> cls) {
    setClass(MRJobConfig.MAP_CLASS, cls, Mapper.class);
  }

  public void setCombinerClass(Class<? extends Reducer> cls) {
    setClass(MRJobConfig.COMBINE_CLASS, cls, Reducer.class);
  }

  public void setReducerClass(Class<? extends Reducer> cls) {
    setClass(MRJobConfig.REDUCE_CLASS, cls, Reducer.class);
  }

  public void setPartitionerClass(Class<? extends Partitioner> cls) {
    setClass(MRJobConfig.PARTITIONER_CLASS, cls, Partitioner.class);
  }

  public void setSortComparatorClass(Class<? extends RawComparator> cls) {
    setClass(MRJobConfig.SORT_COMPARATOR_CLASS, cls, RawComparator.class);
  }

  public void setGroupingComparatorClass(Class<? extends RawComparator> cls) {
    setClass(MRJobConfig.GROUP_COMPARATOR_CLASS, cls, RawComparator.class);
  }

  public void setInputFormatClass(Class<? extends InputFormat> cls) {
    setClass(MRJobConfig.INPUT_FORMAT_CLASS, cls, InputFormat.class);
  }

  public void setOutputFormatClass(Class<? extends OutputFormat> cls) {
    setClass(MRJobConfig.OUTPUT_FORMAT_CLASS, cls, OutputFormat.class);
  }

  public void setMapOutputKeyClass(Class<?> cls) {
    setClass(MRJobConfig.MAP_OUTPUT_KEY_CLASS, cls, Object.class);
  }

  public void setMapOutputValueClass(Class<?> cls) {
    setClass(MRJobConfig.MAP_OUTPUT_VALUE_CLASS, cls, Object.class);
  }

  public void setOutputKeyClass(Class<?> cls) {
    setClass(MRJobConfig.OUTPUT_KEY_CLASS, cls, Object.class);
  }

  public void setOutputValueClass(Class<?> cls) {
    setClass(MRJobConfig.OUTPUT_VALUE_CLASS, cls, Object.class);
  }

  /** 0 makes a map-only job whose maps write the output directly. */
  public void setNumReduceTasks(int n) {
    ensureNotSubmitted();
    if (n < 0) {
      throw new IllegalArgumentException("number of reduce tasks must be >= 0: " + n);
    }
    conf.setInt(MRJobConfig.NUM_REDUCES, n);
  }

  /**
   * False keeps the master from starting backup attempts of this job's slow tasks (for tasks
   * with side effects); true leaves it to the cluster's setting.
   */
  public void setSpeculativeExecution(boolean on) {
    setMapSpeculativeExecution(on);
    setReduceSpeculativeExecution(on);
  }

  public void setMapSpeculativeExecution(boolean on) {
    ensureNotSubmitted();
    conf.setBoolean(MRJobConfig.MAP_SPECULATIVE, on);
  }

  public void setReduceSpeculativeExecution(boolean on) {
    ensureNotSubmitted();
    conf.setBoolean(MRJobConfig.REDUCE_SPECULATIVE, on);
  }

  /** Higher runs first among waiting jobs; 0 is normal. */
  public void setPriority(int priority) {
    ensureNotSubmitted();
    conf.setInt(MRJobConfig.PRIORITY, priority);
  }

  /**
   * Ships a file with the job: each task finds it in its working directory under the URI's
   * {@code #name}, else under its own name. A {@code file:} URI is a file on this host, copied
   * into the job's staging directory at submission; a path without scheme is one of the DFS.
   */
  public void addCacheFile(URI uri) {
    ensureNotSubmitted();
    DistributedCache.addCacheFile(uri, conf);
  }

  /** Ships an archive (.zip, .jar, .tar, .tar.gz, .tgz), unpacked into a directory {@code #name} of each task's working directory. */
  public void addCacheArchive(URI uri) {
    ensureNotSubmitted();
    DistributedCache.addCacheArchive(uri, conf);
  }

  public void setCacheFiles(URI[] files) {
    ensureNotSubmitted();
    DistributedCache.setCacheFiles(files, conf);
  }

  public void setCacheArchives(URI[] archives) {
    ensureNotSubmitted();
    DistributedCache.setCacheArchives(archives, conf);
  }

  /** Ships a jar with the job and puts it on its tasks' class path. */
  public void addFileToClassPath(Path file) {
    ensureNotSubmitted();
    DistributedCache.addFileToClassPath(file, conf);
  }

  /** Ships an archive with the job and puts the directory it unpacks into on its tasks' class path. */
  public void addArchiveToClassPath(Path archive) {
    ensureNotSubmitted();
    DistributedCache.addArchiveToClassPath(archive, conf);
  }

  /** Kept for Hadoop jobs: the links are always made. */
  @Deprecated
  public void createSymlink() {}

  /** Submits the job and returns at once. */
  public void submit() throws IOException, InterruptedException {
    ensureNotSubmitted();
    JobRunner runner = JobRunners.forConf(conf);
    running = runner.submit(this);
    setJobID(JobID.forName(running.jobId()));
  }

  /**
   * Submits if needed, then waits for the end; with {@code verbose} prints Hadoop-style
   * progress lines on change and the counters at the end.
   */
  public boolean waitForCompletion(boolean verbose) throws IOException, InterruptedException {
    if (running == null) {
      submit();
    }
    JobProgressMonitor.monitor(this, verbose, System.err);
    return isSuccessful();
  }

  private RunningJob running() {
    if (running == null) {
      throw new IllegalStateException("job not submitted yet");
    }
    return running;
  }

  /** The latest status, fetched anew. */
  public JobStatusReport getStatus() throws IOException {
    lastStatus = running().status();
    return lastStatus;
  }

  /** The job's status once it differs from {@code seen}, or after about {@code maxWaitMillis}; see {@link RunningJob#awaitStatus}. */
  JobStatusReport awaitStatus(JobStatusReport seen, long maxWaitMillis) throws IOException, InterruptedException {
    lastStatus = running().awaitStatus(seen, maxWaitMillis);
    return lastStatus;
  }

  public JobState getJobState() throws IOException {
    return getStatus().state();
  }

  public boolean isComplete() throws IOException {
    return getStatus().state().isTerminal();
  }

  public boolean isSuccessful() throws IOException {
    return getStatus().state() == JobState.SUCCEEDED;
  }

  public float mapProgress() throws IOException {
    return getStatus().mapProgress();
  }

  public float reduceProgress() throws IOException {
    return getStatus().reduceProgress();
  }

  /** Why the job failed, or null. */
  public String getFailureInfo() throws IOException {
    return getStatus().failureReason();
  }

  public Counters getCounters() throws IOException {
    return Counters.fromSnapshot(running().counters());
  }

  public void killJob() throws IOException {
    running().kill();
  }

  /**
   * Up to 10 events of the job's attempts that ended, from event number {@code startFrom} on
   * (Hadoop's default batch): call again from {@code startFrom} plus the number returned to
   * follow the job as its tasks finish.
   */
  public TaskCompletionEvent[] getTaskCompletionEvents(int startFrom) throws IOException {
    return getTaskCompletionEvents(startFrom, 10);
  }

  /** Up to {@code numEvents} events of the job's ended attempts, from event number {@code startFrom} on. */
  public TaskCompletionEvent[] getTaskCompletionEvents(int startFrom, int numEvents) throws IOException {
    if (startFrom < 0 || numEvents < 0) {
      throw new IllegalArgumentException("event numbers start at 0, and a batch cannot be negative: "
          + startFrom + ", " + numEvents);
    }
    return running().taskCompletionEvents(startFrom, numEvents).toArray(TaskCompletionEvent.EMPTY_ARRAY);
  }

  /** The handle used by monitors and the CLI. */
  public RunningJob getRunningJob() {
    return running();
  }
}
