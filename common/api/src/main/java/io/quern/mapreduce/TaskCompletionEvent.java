package io.quern.mapreduce;

import java.io.Serializable;
import java.util.Objects;

/**
 * The end of one task attempt, as Hadoop's {@code TaskCompletionEvent}: the job's events are
 * numbered from 0 in the order attempts of its maps and reduces ended, so a client follows a
 * running job by asking for the events from the last number it saw ({@link
 * Job#getTaskCompletionEvents(int)}). A map output lost after its success gets a later {@link
 * Status#OBSOLETE} event; the attempt that made its task fail for good is {@link
 * Status#TIPFAILED}.
 */
public final class TaskCompletionEvent implements Serializable {
  private static final long serialVersionUID = 1L;

  public enum Status { FAILED, KILLED, SUCCEEDED, OBSOLETE, TIPFAILED }

  /** Immutable (empty). */
  public static final TaskCompletionEvent[] EMPTY_ARRAY = new TaskCompletionEvent[0];

  private final int eventId;
  private final String attemptId;
  private final int idWithinJob;
  private final boolean isMap;
  private final Status status;
  private final String workerId;
  private final String workerEndpoint;
  private final long runTimeMillis;

  /**
   * @param workerEndpoint where the attempt ran ({@code host:port} of its worker)
   * @param runTimeMillis from the attempt's launch to its end, as the master saw them
   */
  public TaskCompletionEvent(int eventId, String attemptId, int idWithinJob, boolean isMap, Status status,
      String workerId, String workerEndpoint, long runTimeMillis) {
    TaskAttemptID.forName(attemptId); // one well-formed id, or IllegalArgumentException
    this.eventId = eventId;
    this.attemptId = attemptId;
    this.idWithinJob = idWithinJob;
    this.isMap = isMap;
    this.status = Objects.requireNonNull(status, "status");
    this.workerId = workerId == null ? "" : workerId;
    this.workerEndpoint = workerEndpoint == null ? "" : workerEndpoint;
    this.runTimeMillis = runTimeMillis;
  }

  public int getEventId() {
    return eventId;
  }

  public TaskAttemptID getTaskAttemptId() {
    return TaskAttemptID.forName(attemptId);
  }

  public Status getStatus() {
    return status;
  }

  /** Hadoop's name for where the attempt ran: here the worker's {@code host:port}. */
  public String getTaskTrackerHttp() {
    return workerEndpoint;
  }

  public String getWorkerId() {
    return workerId;
  }

  /** Milliseconds from the attempt's launch to its end. */
  public int getTaskRunTime() {
    return (int) Math.min(Integer.MAX_VALUE, runTimeMillis);
  }

  /** The task's index among the job's maps, or among its reduces. */
  public int idWithinJob() {
    return idWithinJob;
  }

  public boolean isMapTask() {
    return isMap;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TaskCompletionEvent e && e.eventId == eventId && e.attemptId.equals(attemptId)
        && e.idWithinJob == idWithinJob && e.isMap == isMap && e.status == status && e.workerId.equals(workerId)
        && e.workerEndpoint.equals(workerEndpoint) && e.runTimeMillis == runTimeMillis;
  }

  @Override
  public int hashCode() {
    return Objects.hash(eventId, attemptId, status);
  }

  @Override
  public String toString() {
    return "Task Id : " + attemptId + ", Status : " + status;
  }
}
