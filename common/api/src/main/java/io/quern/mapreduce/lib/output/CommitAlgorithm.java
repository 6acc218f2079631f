package io.quern.mapreduce.lib.output;

import io.quern.conf.Configuration;
import io.quern.mapreduce.MapredKeys;
import io.quern.mapreduce.TaskType;

/**
 * Which of Hadoop's two file commit algorithms a job's {@link FileOutputCommitter}s follow
 * ({@value FileOutputCommitter#ALGORITHM_VERSION}). Every committer of a job, in each of its
 * tasks and in its job-cleanup task, reads the same job configuration, so all agree.
 */
enum CommitAlgorithm {
  /** 1: a task's commit renames its attempt's directory under {@code _temporary}; the job's commit moves every file into the output. */
  V1,
  /** 2: a task's commit moves its files straight into the output; the job's commit moves nothing. */
  V2,
  /**
   * Unset, for a job whose output comes from one task (one reduce, or a map-only job of one map):
   * that task commits as in 2, since no other task's files can interleave with its own; any other
   * task (a map writing side files in a one-reduce job) commits as in 1, so the job's commit still
   * looks under {@code _temporary} once, which is all it costs when nothing is there.
   */
  ONE_OUTPUT_TASK;

  static CommitAlgorithm of(Configuration conf) {
    if (MapredKeys.FILEOUTPUTCOMMITTER_ALGORITHM_VERSION.isSet(conf)) {
      int version = MapredKeys.FILEOUTPUTCOMMITTER_ALGORITHM_VERSION.getInt(conf);
      return switch (version) {
        case 1 -> V1;
        case 2 -> V2;
        default -> throw conf.bad(FileOutputCommitter.ALGORITHM_VERSION, String.valueOf(version), "1 or 2");
      };
    }
    int reduces = MapredKeys.NUM_REDUCES.getInt(conf);
    // The job's submission sets the number of maps to the number of its splits.
    boolean oneTask = reduces == 1 || (reduces == 0 && MapredKeys.NUM_MAPS.getInt(conf) == 1);
    return oneTask ? ONE_OUTPUT_TASK : V1;
  }

  /** Whether a task of {@code type} moves its files straight into the output when it commits. */
  boolean publishesAtTaskCommit(TaskType type, Configuration conf) {
    return switch (this) {
      case V1 -> false;
      case V2 -> true;
      case ONE_OUTPUT_TASK -> MapredKeys.NUM_REDUCES.getInt(conf) > 0 ? type == TaskType.REDUCE : type == TaskType.MAP;
    };
  }

  /** Whether the job's commit moves the files tasks committed under {@code _temporary}. */
  boolean jobCommitMovesFiles() {
    return this != V2;
  }
}
