package io.quern.mapreduce.spi;

import io.quern.mapreduce.Job;
import java.io.IOException;

/** Runs submitted jobs: in this JVM ({@code local}) or on the cluster's master ({@code cluster}). */
public interface JobRunner {
  /** Checks input and output, then starts the job; throws with one clear sentence if it cannot. */
  RunningJob submit(Job job) throws IOException, InterruptedException;

  /** The workers jobs run on now, and their slots. */
  ClusterMetrics clusterMetrics() throws IOException;
}
