package io.quern.mapreduce;

import io.quern.mapreduce.TaskKind;

/** The kind of a task, as user code sees it. */
public enum TaskType {
  MAP, REDUCE, JOB_CLEANUP;

  public TaskKind kind() {
    return switch (this) {
      case MAP -> TaskKind.MAP;
      case REDUCE -> TaskKind.REDUCE;
      case JOB_CLEANUP -> TaskKind.JOB_CLEANUP;
    };
  }

  public static TaskType of(TaskKind kind) {
    return switch (kind) {
      case MAP -> MAP;
      case REDUCE -> REDUCE;
      case JOB_CLEANUP -> JOB_CLEANUP;
    };
  }
}
