package io.quern.mapred;

/** An old-API job class that reads the job's configuration once, right after it is made. */
public interface JobConfigurable {
  void configure(JobConf job);
}
