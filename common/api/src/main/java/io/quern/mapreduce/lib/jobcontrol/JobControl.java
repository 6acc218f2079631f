package io.quern.mapreduce.lib.jobcontrol;

import io.quern.mapreduce.Job;
import io.quern.mapreduce.lib.jobcontrol.ControlledJob.State;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;

/**
 * Runs a group of jobs in the order their dependencies allow: {@link #run()} (usually in a
 * thread of its own) submits each job once every job it depends on succeeded, fails the jobs
 * depending on a failed one, and keeps watching until {@link #stop()}. Poll
 * {@link #allFinished()} to know when the group is done.
 */
public class JobControl implements Runnable {
  /** The states of the controlling thread. */
  public enum ThreadState { RUNNING, SUSPENDED, STOPPED, STOPPING, READY }

  /** How often the running jobs are asked whether they ended. */
  private static final long POLL_MILLIS = 100;

  /** Guarded by this. */
  private ThreadState runnerState;
  /** Jobs not ended yet, in the order added, and (next two) the ended ones. Guarded by this. */
  private final LinkedList<ControlledJob> jobsInProgress = new LinkedList<>();
  private final LinkedList<ControlledJob> successfulJobs = new LinkedList<>();
  private final LinkedList<ControlledJob> failedJobs = new LinkedList<>();
  /** Guarded by this (only addJob numbers jobs). */
  private long nextJobID;
  private final String groupName;

  public JobControl(String groupName) {
    this.groupName = groupName;
    this.nextJobID = -1;
    this.runnerState = ThreadState.READY;
  }

  private synchronized List<ControlledJob> inState(State state) {
    List<ControlledJob> out = new ArrayList<>();
    for (ControlledJob j : jobsInProgress) {
      if (j.getJobState() == state) {
        out.add(j);
      }
    }
    return out;
  }

  public List<ControlledJob> getWaitingJobList() {
    return inState(State.WAITING);
  }

  public List<ControlledJob> getRunningJobList() {
    return inState(State.RUNNING);
  }

  public List<ControlledJob> getReadyJobsList() {
    return inState(State.READY);
  }

  public synchronized List<ControlledJob> getSuccessfulJobList() {
    return new ArrayList<>(successfulJobs);
  }

  public synchronized List<ControlledJob> getFailedJobList() {
    return new ArrayList<>(failedJobs);
  }

  private String getNextJobID() {
    nextJobID += 1;
    return groupName + nextJobID;
  }

  /** Adds a job (WAITING, with its dependencies set) and returns the id given to it. */
  public synchronized String addJob(ControlledJob aJob) {
    String id = getNextJobID();
    aJob.setJobID(id);
    aJob.setJobState(State.WAITING);
    jobsInProgress.add(aJob);
    notifyAll();
    return id;
  }

  /** Adds {@code aJob} depending on {@code dependingJobs}. */
  public synchronized String addJob(Job aJob, List<ControlledJob> dependingJobs) throws IOException {
    return addJob(new ControlledJob(aJob, dependingJobs));
  }

  public synchronized void addJobCollection(Collection<ControlledJob> jobs) {
    for (ControlledJob j : jobs) {
      addJob(j);
    }
  }

  public synchronized ThreadState getThreadState() {
    return runnerState;
  }

  /** Asks {@link #run()} to return; running jobs go on. */
  public synchronized void stop() {
    runnerState = ThreadState.STOPPING;
    notifyAll();
  }

  /** Holds off submitting and watching jobs until {@link #resume()}. */
  public synchronized void suspend() {
    if (runnerState == ThreadState.RUNNING) {
      runnerState = ThreadState.SUSPENDED;
    }
  }

  public synchronized void resume() {
    if (runnerState == ThreadState.SUSPENDED) {
      runnerState = ThreadState.RUNNING;
    }
    notifyAll();
  }

  /** Whether every job added has ended (succeeded, failed or been failed by a dependency). */
  public synchronized boolean allFinished() {
    return jobsInProgress.isEmpty();
  }

  /** Watches and submits the jobs until {@link #stop()}. */
  @Override
  public void run() {
    synchronized (this) {
      if (runnerState == ThreadState.STOPPING) {
        runnerState = ThreadState.STOPPED;
        return;
      }
      runnerState = ThreadState.RUNNING;
    }
    try {
      while (true) {
        synchronized (this) {
          while (runnerState == ThreadState.SUSPENDED) {
            wait(POLL_MILLIS);
          }
          if (runnerState != ThreadState.RUNNING) {
            break;
          }
          step();
          if (runnerState == ThreadState.RUNNING) {
            wait(POLL_MILLIS);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failAllJobs(e);
    } catch (IOException | RuntimeException e) {
      failAllJobs(e);
    } finally {
      synchronized (this) {
        runnerState = ThreadState.STOPPED;
      }
    }
  }

  /** One pass: each job's state brought up to date; ready ones submitted; ended ones filed. */
  private synchronized void step() throws IOException, InterruptedException {
    Iterator<ControlledJob> it = jobsInProgress.iterator();
    while (it.hasNext()) {
      ControlledJob j = it.next();
      State s = j.checkState();
      if (s == State.READY) {
        j.submit();
        s = j.getJobState();
      }
      if (s == State.SUCCESS) {
        successfulJobs.add(j);
        it.remove();
      } else if (s == State.FAILED || s == State.DEPENDENT_FAILED) {
        failedJobs.add(j);
        it.remove();
      }
    }
  }

  /** Fails every job not ended when the controller itself cannot go on. */
  protected synchronized void failAllJobs(Throwable t) {
    String message = "unexpected failure of the job controller: " + t;
    for (ControlledJob j : jobsInProgress) {
      try {
        j.failJob(message);
      } catch (IOException | InterruptedException e) {
        j.setMessage(message + "; and failing the job: " + e);
      }
      failedJobs.add(j);
    }
    jobsInProgress.clear();
  }
}
