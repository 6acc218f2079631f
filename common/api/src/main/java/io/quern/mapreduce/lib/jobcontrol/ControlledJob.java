package io.quern.mapreduce.lib.jobcontrol;

import io.quern.conf.Configuration;
import io.quern.fs.FileSystem;
import io.quern.fs.Path;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.JobID;
import io.quern.mapreduce.MapredKeys;
import io.quern.mapreduce.lib.input.FileInputFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A job with the jobs it depends on, as {@link JobControl} runs it: WAITING until its
 * dependencies succeed (DEPENDENT_FAILED if one fails), READY, RUNNING once submitted, then
 * SUCCESS or FAILED.
 */
public class ControlledJob {
  /** The states of a controlled job. */
  public enum State { SUCCESS, WAITING, RUNNING, READY, FAILED, DEPENDENT_FAILED }

  /** Whether to make a job's missing input directories before submitting it. */
  public static final String CREATE_DIR = "mapreduce.jobcontrol.createdir.ifnotexist";

  // Guarded by this, as is all state below: JobControl's thread checks and submits the job while
  // the caller's threads ask for its state, message and job.
  private State state;
  private String controlID;
  private Job job;
  private String message;
  private List<ControlledJob> dependingJobs;

  /** @param dependingJobs the jobs that must succeed before this one starts; may be null */
  public ControlledJob(Job job, List<ControlledJob> dependingJobs) throws IOException {
    this.job = job;
    this.dependingJobs = dependingJobs == null ? null : new ArrayList<>(dependingJobs);
    this.state = State.WAITING;
    this.controlID = "unassigned";
    this.message = "just initialized";
  }

  /** A job on {@code conf}, with no dependencies yet. */
  public ControlledJob(Configuration conf) throws IOException {
    this(Job.getInstance(conf), null);
  }

  @Override
  public synchronized String toString() {
    StringBuilder b = new StringBuilder();
    b.append("job name:\t").append(job.getJobName()).append('\n');
    b.append("job id:\t").append(controlID).append('\n');
    b.append("job state:\t").append(state).append('\n');
    b.append("job mapred id:\t").append(job.getJobID()).append('\n');
    b.append("job message:\t").append(message).append('\n');
    if (dependingJobs == null || dependingJobs.isEmpty()) {
      b.append("job has no depending job:\t\n");
    } else {
      b.append("job has ").append(dependingJobs.size()).append(" depending jobs:\n");
      for (ControlledJob d : dependingJobs) {
        b.append("\t depending job ").append(d.getJobName()).append(":\t").append(d.getJobID()).append('\n');
      }
    }
    return b.toString();
  }

  public synchronized String getJobName() {
    return job.getJobName();
  }

  public synchronized void setJobName(String jobName) {
    job.setJobName(jobName);
  }

  /** The id {@link JobControl} gave this job (not the engine's job id). */
  public synchronized String getJobID() {
    return controlID;
  }

  public synchronized void setJobID(String id) {
    this.controlID = id;
  }

  /** The engine's id of the job, once submitted; null before. */
  public synchronized JobID getMapredJobId() {
    return job.getJobID();
  }

  public synchronized Job getJob() {
    return job;
  }

  public synchronized void setJob(Job job) {
    this.job = job;
  }

  public synchronized State getJobState() {
    return state;
  }

  protected synchronized void setJobState(State state) {
    this.state = state;
  }

  public synchronized String getMessage() {
    return message;
  }

  public synchronized void setMessage(String message) {
    this.message = message;
  }

  public synchronized List<ControlledJob> getDependentJobs() {
    return dependingJobs == null ? null : List.copyOf(dependingJobs);
  }

  /** Adds a job this one depends on; only while this one is WAITING (false otherwise). */
  public synchronized boolean addDependingJob(ControlledJob dependingJob) {
    if (state != State.WAITING) {
      return false;
    }
    if (dependingJobs == null) {
      dependingJobs = new ArrayList<>();
    }
    return dependingJobs.add(dependingJob);
  }

  /** Whether the job ended: succeeded, failed, or will never run because a dependency failed. */
  public synchronized boolean isCompleted() {
    return state == State.FAILED || state == State.DEPENDENT_FAILED || state == State.SUCCESS;
  }

  public synchronized boolean isReady() {
    return state == State.READY;
  }

  public void killJob() throws IOException, InterruptedException {
    Job j;
    synchronized (this) {
      j = job; // the kill, a call to the master, is made outside the lock
    }
    j.killJob();
  }

  /** Marks the job FAILED with {@code message}, killing it if it runs. */
  public synchronized void failJob(String message) throws IOException, InterruptedException {
    try {
      if (state == State.RUNNING) {
        job.killJob();
      }
    } finally {
      this.state = State.FAILED;
      this.message = message;
    }
  }

  /** A running job: asks the engine whether it ended. */
  private void checkRunningState() throws IOException, InterruptedException {
    try {
      if (job.isComplete()) {
        if (job.isSuccessful()) {
          state = State.SUCCESS;
        } else {
          state = State.FAILED;
          message = "job failed: " + job.getFailureInfo();
        }
      }
    } catch (IOException e) {
      state = State.FAILED;
      message = stringify(e);
      try {
        job.killJob();
      } catch (IOException ignored) {
        // The failure to ask is what the user needs to see.
      }
    }
  }

  /** Brings the state up to date (a waiting job looks at its dependencies) and returns it. */
  synchronized State checkState() throws IOException, InterruptedException {
    if (state == State.RUNNING) {
      checkRunningState();
    }
    if (state != State.WAITING) {
      return state;
    }
    if (dependingJobs == null || dependingJobs.isEmpty()) {
      state = State.READY;
      return state;
    }
    int succeeded = 0;
    for (ControlledJob pred : dependingJobs) {
      State s = pred.checkState();
      if (s == State.FAILED || s == State.DEPENDENT_FAILED) {
        state = State.DEPENDENT_FAILED;
        message = "depending job " + pred.getJobID() + " (" + pred.getJobName() + ") failed: " + pred.getMessage();
        return state;
      }
      if (s == State.SUCCESS) {
        succeeded++;
      }
    }
    if (succeeded == dependingJobs.size()) {
      state = State.READY;
    }
    return state;
  }

  /** Submits the job (making its missing input directories first when {@value #CREATE_DIR} says so). */
  protected synchronized void submit() {
    try {
      Configuration conf = job.getConfiguration();
      if (MapredKeys.JOBCONTROL_CREATE_DIR.getBoolean(conf)) {
        for (Path p : FileInputFormat.getInputPaths(job)) {
          FileSystem fs = p.getFileSystem(conf);
          if (!fs.exists(p)) {
            fs.mkdirs(p);
          }
        }
      }
      job.submit();
      state = State.RUNNING;
    } catch (Exception e) {
      state = State.FAILED;
      message = stringify(e);
    }
  }

  private static String stringify(Throwable e) {
    StringWriter w = new StringWriter();
    e.printStackTrace(new PrintWriter(w));
    return w.toString();
  }
}
