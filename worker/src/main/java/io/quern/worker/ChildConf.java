package io.quern.worker;

import io.quern.conf.Configuration;
import io.quern.security.SecretFile;
import java.util.List;
import java.util.Map;

/**
 * Keeps the cluster secret out of what a child task JVM is given: its configurations name no
 * secret file (and say that the process has none), and its environment loses any variable that
 * names the secret file. The child's only credential is its job's token ({@link ChildBinding}).
 */
public final class ChildConf {
  private ChildConf() {}

  /** Removes the secret file's path from {@code conf} and marks it as a task JVM's; returns it. */
  public static Configuration withoutSecret(Configuration conf) {
    conf.set(SecretFile.KEY, "");
    conf.setBoolean(SecretFile.JOB_TOKEN_ONLY_KEY, true);
    return conf;
  }

  /** Drops the variables of {@code env} whose value contains one of {@code markers}. */
  static void scrubEnvironment(Map<String, String> env, List<String> markers) {
    env.entrySet().removeIf(e -> markers.stream().anyMatch(m -> !m.isEmpty() && e.getValue().contains(m)));
  }
}
