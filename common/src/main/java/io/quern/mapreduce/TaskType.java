package io.quern.mapreduce;

import io.quern.protocol.TaskKind;

/** The kind of a task, as user code sees it. */
public enum TaskType {
  MAP, REDUCE;

  public TaskKind kind() {
    return this == MAP ? TaskKind.MAP : TaskKind.REDUCE;
  }

  public static TaskType of(TaskKind kind) {
    return kind == TaskKind.MAP ? MAP : REDUCE;
  }
}
