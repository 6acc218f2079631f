package io.quern.mapreduce.spi;

import io.quern.conf.Configuration;
import io.quern.mapreduce.MRJobConfig;
import io.quern.mapreduce.MapredKeys;
import java.util.ServiceLoader;
import java.util.TreeSet;

/** Picks the runner named by {@code mapreduce.framework.name} among those on the class path. */
public final class JobRunners {
  public static final String LOCAL = "local";
  public static final String CLUSTER = "cluster";

  private JobRunners() {}

  public static JobRunner forConf(Configuration conf) {
    String name = MapredKeys.FRAMEWORK_NAME.get(conf).strip();
    TreeSet<String> known = new TreeSet<>();
    for (JobRunnerProvider p : ServiceLoader.load(JobRunnerProvider.class, JobRunners.class.getClassLoader())) {
      if (p.frameworkName().equals(name)) {
        return p.create(conf);
      }
      known.add(p.frameworkName());
    }
    throw conf.bad(MRJobConfig.FRAMEWORK_NAME, name, known.isEmpty()
        ? "a runner on the class path (none is: add quern-runtime for local, quern-client for cluster)"
        : "one of " + String.join(", ", known) + " (the runners on the class path)");
  }
}
