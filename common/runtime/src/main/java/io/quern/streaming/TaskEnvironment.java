package io.quern.streaming;

import io.quern.conf.Configuration;
import io.quern.mapreduce.InputSplit;
import io.quern.mapreduce.MRJobConfig;
import io.quern.mapreduce.TaskAttemptID;
import io.quern.mapreduce.lib.input.FileSplit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment variables a streaming program gets on top of its task JVM's, as Hadoop
 * Streaming sets them: every job setting under its name with each character other than a
 * letter, digit or underscore made an underscore ({@code mapreduce_job_name}); the task's ids
 * and, for a map of file input, its file and range; then {@value StreamKeys#ENVIRONMENT}
 * ({@code -cmdenv}), which wins over all but the attempt's GPUs ({@code CUDA_VISIBLE_DEVICES} and
 * {@code QUERN_TASK_GPUS}, set on a cluster, empty when it holds none) and the child JVM's tag.
 */
public final class TaskEnvironment {
  /** Longer values are left out: the whole environment must fit the kernel's argument limit. */
  static final int MAX_VALUE_CHARS = 20_000;
  /** CUDA's list of the devices a program may see: exactly the attempt's GPUs on a cluster. */
  public static final String CUDA_VISIBLE_DEVICES = "CUDA_VISIBLE_DEVICES";
  /** The attempt's GPU ids, for programs that do not use CUDA. */
  public static final String TASK_GPUS_VARIABLE = "QUERN_TASK_GPUS";

  private TaskEnvironment() {}

  public static Map<String, String> of(Configuration conf, TaskAttemptID attempt, InputSplit split) {
    Map<String, String> env = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : conf) {
      if (e.getValue() != null && e.getValue().length() <= MAX_VALUE_CHARS) {
        env.put(name(e.getKey()), e.getValue());
      }
    }
    // Both Hadoop generations' names, since programs written for either read them.
    env.put("mapreduce_task_attempt_id", attempt.toString());
    env.put("mapred_task_id", attempt.toString());
    env.put("mapreduce_task_id", attempt.getTaskID().toString());
    env.put("mapred_tip_id", attempt.getTaskID().toString());
    env.put("mapreduce_task_partition", String.valueOf(attempt.getTaskID().getId()));
    env.put("mapred_task_partition", String.valueOf(attempt.getTaskID().getId()));
    env.put("mapreduce_task_ismap", String.valueOf(attempt.isMap()));
    env.put("mapred_task_is_map", String.valueOf(attempt.isMap()));
    if (split instanceof FileSplit fs) {
      env.put("mapreduce_map_input_file", fs.getPath().toString());
      env.put("map_input_file", fs.getPath().toString());
      env.put("mapreduce_map_input_start", String.valueOf(fs.getStart()));
      env.put("map_input_start", String.valueOf(fs.getStart()));
      env.put("mapreduce_map_input_length", String.valueOf(fs.getLength()));
      env.put("map_input_length", String.valueOf(fs.getLength()));
    }
    env.putAll(commandEnvironment(conf));
    // Set after -cmdenv, which must not reach another attempt's GPUs nor shed the child's tag.
    String gpus = conf.get(MRJobConfig.TASK_GPUS);
    if (gpus != null) {
      env.put(CUDA_VISIBLE_DEVICES, gpus);
      env.put(TASK_GPUS_VARIABLE, gpus);
    }
    String child = System.getenv(TaskProcesses.CHILD_VARIABLE);
    if (child != null) {
      env.put(TaskProcesses.CHILD_VARIABLE, child);
    } else {
      env.remove(TaskProcesses.CHILD_VARIABLE);
    }
    env.remove(TaskProcesses.PROCESS_VARIABLE);
    return env;
  }

  /** {@value StreamKeys#ENVIRONMENT}: space-separated {@code NAME=VALUE} words. */
  static Map<String, String> commandEnvironment(Configuration conf) {
    Map<String, String> env = new LinkedHashMap<>();
    String all = conf.get(StreamKeys.ENVIRONMENT, "").strip();
    if (all.isEmpty()) {
      return env;
    }
    for (String word : all.split("\\s+")) {
      int eq = word.indexOf('=');
      if (eq <= 0) {
        throw conf.bad(StreamKeys.ENVIRONMENT, all, "space-separated NAME=VALUE words ('" + word + "' is not)");
      }
      env.put(word.substring(0, eq), word.substring(eq + 1));
    }
    return env;
  }

  static String name(String key) {
    StringBuilder b = new StringBuilder(key.length());
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      b.append(c < 128 && (Character.isLetterOrDigit(c) || c == '_') ? c : '_');
    }
    return b.toString();
  }
}
