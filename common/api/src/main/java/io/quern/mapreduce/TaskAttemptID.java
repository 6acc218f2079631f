package io.quern.mapreduce;

import java.util.Objects;

/** An attempt's id, {@code attempt_<job body>_m_000003_1}. */
public final class TaskAttemptID implements Comparable<TaskAttemptID> {
  private final TaskID taskId;
  private final int id;
  /** The id as text, formatted on first use (see JobID's body). Thread-safe (a racy cache of an immutable String). */
  private String name;

  /**
   * An id for work outside any job, e.g. a client that opens a record reader to sample the
   * input: attempt 0 of map 0 of job {@code job_local_0000}.
   */
  public TaskAttemptID() {
    this(new TaskID(new JobID("local", 0), TaskType.MAP, 0), 0);
  }

  public TaskAttemptID(TaskID taskId, int id) {
    this.taskId = Objects.requireNonNull(taskId);
    this.id = id;
  }

  public static TaskAttemptID forName(String s) {
    if (!s.startsWith("attempt_")) {
      throw new IllegalArgumentException("not an attempt id: " + s);
    }
    int last = s.lastIndexOf('_');
    try {
      return new TaskAttemptID(TaskID.forName("task_" + s.substring(8, last)),
          Integer.parseInt(s.substring(last + 1)));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not an attempt id: " + s);
    }
  }

  public TaskID getTaskID() {
    return taskId;
  }

  public JobID getJobID() {
    return taskId.getJobID();
  }

  public TaskType getTaskType() {
    return taskId.getTaskType();
  }

  public boolean isMap() {
    return taskId.isMap();
  }

  public int getId() {
    return id;
  }

  @Override
  public String toString() {
    String n = name;
    if (n == null) {
      n = "attempt_" + taskId.body() + "_" + id;
      name = n;
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TaskAttemptID a && a.id == id && a.taskId.equals(taskId);
  }

  @Override
  public int hashCode() {
    return 31 * (31 + taskId.hashCode()) + id; // Objects.hash(taskId, id)
  }

  @Override
  public int compareTo(TaskAttemptID o) {
    int c = taskId.compareTo(o.taskId);
    return c != 0 ? c : Integer.compare(id, o.id);
  }
}
