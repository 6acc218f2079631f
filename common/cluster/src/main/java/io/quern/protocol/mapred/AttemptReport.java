package io.quern.protocol.mapred;

import io.quern.mapreduce.CountersSnapshot;
import java.io.Serializable;
import java.util.Objects;

/**
 * One report of a worker about one of its attempts, in a batch ({@link TaskUmbilicalProtocol#report}):
 * the same reports as the single umbilical calls, so that a worker sends all its attempts' news
 * of a moment in one call instead of one call each.
 *
 * @param status the attempt's status; for a commit request only its epoch, attempt and worker count
 * @param diagnostics why a failed or killed attempt ended; null for the other kinds
 */
public record AttemptReport(Kind kind, AttemptStatus status, String diagnostics) implements Serializable {
  /** What the report says, and which single call it stands for. */
  public enum Kind {
    /** Progress ({@link TaskUmbilicalProtocol#statusUpdate}): answered keep (yes) or kill (no). */
    STATUS,
    /** The attempt asks to promote its output ({@link TaskUmbilicalProtocol#canCommit}): granted or not. */
    COMMIT,
    /** The attempt succeeded ({@link TaskUmbilicalProtocol#done}). */
    DONE,
    /** The attempt failed ({@link TaskUmbilicalProtocol#failed}, not killed). */
    FAILED,
    /** The attempt was killed ({@link TaskUmbilicalProtocol#failed}, killed). */
    KILLED
  }

  public AttemptReport {
    Objects.requireNonNull(kind, "a report needs its kind");
    Objects.requireNonNull(status, "a report needs the attempt's status");
    Objects.requireNonNull(status.attemptId(), "a report needs its attempt id");
  }

  public static AttemptReport status(AttemptStatus status) {
    return new AttemptReport(Kind.STATUS, status, null);
  }

  public static AttemptReport commit(long epoch, String attemptId, String workerId) {
    return new AttemptReport(Kind.COMMIT,
        new AttemptStatus(epoch, attemptId, workerId, 0, "", CountersSnapshot.EMPTY, null), null);
  }

  public static AttemptReport done(AttemptStatus status) {
    return new AttemptReport(Kind.DONE, status, null);
  }

  public static AttemptReport failed(AttemptStatus status, String diagnostics, boolean killed) {
    return new AttemptReport(killed ? Kind.KILLED : Kind.FAILED, status, diagnostics);
  }

  public long epoch() {
    return status.epoch();
  }

  public String attemptId() {
    return status.attemptId();
  }
}
