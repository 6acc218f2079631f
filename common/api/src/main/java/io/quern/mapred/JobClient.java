package io.quern.mapred;

import io.quern.conf.Configuration;
import io.quern.conf.ConfigurationException;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.MRJobConfig;
import io.quern.mapreduce.spi.ClusterMetrics;
import io.quern.mapreduce.spi.JobRunners;
import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Submits old-API jobs and follows them, as Hadoop's {@code JobClient}: {@link #runJob} blocks
 * and prints progress and counters, {@link #submitJob} returns at once. The job runs where
 * {@code mapreduce.framework.name} says (the local runner or the cluster), through the same
 * engine as new-API jobs: the job is handed to it with {@code mapred.mapper.new-api} and
 * {@code mapred.reducer.new-api} false, so the engine runs its old-API classes through {@link
 * NewApiBridges}.
 */
public class JobClient implements Closeable {
  /**
   * Written once, by the constructor or init before use. Confined to the caller, as Hadoop's JobClient is.
   */
  private JobConf conf;
  /** The jobs submitted through this client, by id, for {@link #getJob}. Thread-safe (concurrent map). */
  private final Map<String, RunningJob> submitted = new ConcurrentHashMap<>();

  /** A client to {@link #init} later. */
  public JobClient() {}

  public JobClient(JobConf conf) {
    init(conf);
  }

  public JobClient(Configuration conf) {
    init(new JobConf(conf));
  }

  public void init(JobConf conf) {
    this.conf = conf;
  }

  public JobConf getConf() {
    return conf;
  }

  /** Submits the job and returns at once. Fails with one sentence when it cannot run (classes, input, output). */
  public RunningJob submitJob(JobConf job) throws IOException {
    JobConf oldApi = new JobConf(job);
    oldApi.setBoolean(MRJobConfig.MAPPER_NEW_API, false);
    oldApi.setBoolean(MRJobConfig.REDUCER_NEW_API, false);
    Job submission;
    try {
      checkClasses(oldApi);
      submission = Job.getInstance(oldApi);
      submission.submit();
    } catch (ConfigurationException e) {
      throw new IOException(e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while submitting " + job.getJobName());
    }
    SubmittedJob running = new SubmittedJob(submission);
    submitted.put(running.getJobID(), running);
    return running;
  }

  /** Loads the job's classes here, so that a wrong name fails the submission, not every task. */
  private static void checkClasses(JobConf job) {
    job.getMapperClass();
    job.getCombinerClass();
    job.getReducerClass();
    job.getPartitionerClass();
  }

  /** Submits the job, prints its progress and counters until it ends, and throws if it did not succeed. */
  public static RunningJob runJob(JobConf job) throws IOException {
    JobClient client = new JobClient(job);
    RunningJob running = client.submitJob(job);
    boolean ok;
    try {
      ok = client.monitorAndPrintJob(job, running);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for " + running.getJobID());
    }
    if (!ok) {
      String why = running.getFailureInfo();
      throw new IOException("job " + running.getJobID() + " failed" + (why == null ? "" : ": " + why));
    }
    return running;
  }

  /** Follows the job to its end, printing progress on change and the counters at the end; true if it succeeded. */
  public boolean monitorAndPrintJob(JobConf job, RunningJob running) throws IOException, InterruptedException {
    if (running instanceof SubmittedJob s) {
      return s.follow(true);
    }
    running.waitForCompletion();
    return running.isSuccessful();
  }

  /** A job submitted through this client, or null. */
  public RunningJob getJob(JobID id) {
    return getJob(id.toString());
  }

  public RunningJob getJob(String jobId) {
    return submitted.get(jobId);
  }

  /** The workers jobs run on now (one, in this JVM, for the local runner) and their slots. */
  public ClusterStatus getClusterStatus() throws IOException {
    ClusterMetrics m = JobRunners.forConf(conf != null ? conf : new JobConf()).clusterMetrics();
    return new ClusterStatus(m.trackers(), m.mapSlots(), m.reduceSlots());
  }

  @Override
  public void close() {}
}
