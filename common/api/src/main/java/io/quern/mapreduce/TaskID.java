package io.quern.mapreduce;

import java.util.Objects;

/** A task's id, {@code task_<job body>_m_000003} or {@code ..._r_000000}. */
public final class TaskID implements Comparable<TaskID> {
  private final JobID jobId;
  private final TaskType type;
  private final int id;
  /** The id as text, formatted on first use (see JobID's body). Thread-safe (a racy cache of an immutable String). */
  private String name;

  public TaskID(JobID jobId, TaskType type, int id) {
    this.jobId = Objects.requireNonNull(jobId);
    this.type = Objects.requireNonNull(type);
    this.id = id;
  }

  public static TaskID forName(String s) {
    String[] p = s.split("_");
    if (p.length != 5 || !p[0].equals("task") || p[3].length() != 1) {
      throw new IllegalArgumentException("not a task id: " + s);
    }
    try {
      return new TaskID(new JobID(p[1], Integer.parseInt(p[2])),
          TaskType.of(io.quern.mapreduce.TaskKind.ofLetter(p[3].charAt(0))), Integer.parseInt(p[4]));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a task id: " + s);
    }
  }

  public JobID getJobID() {
    return jobId;
  }

  public TaskType getTaskType() {
    return type;
  }

  public boolean isMap() {
    return type == TaskType.MAP;
  }

  public int getId() {
    return id;
  }

  String body() {
    return toString().substring(TASK.length());
  }

  private static final String TASK = "task_";

  @Override
  public String toString() {
    String n = name;
    if (n == null) {
      n = TASK + jobId.body() + "_" + type.kind().letter() + "_" + JobID.padded(id, 6);
      name = n;
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TaskID t && t.id == id && t.type == type && t.jobId.equals(jobId);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 + jobId.hashCode()) + type.hashCode()) + id; // Objects.hash(jobId, type, id)
  }

  @Override
  public int compareTo(TaskID o) {
    int c = jobId.compareTo(o.jobId);
    if (c == 0) {
      c = type.compareTo(o.type);
    }
    return c != 0 ? c : Integer.compare(id, o.id);
  }
}
