package io.quern.master;

import io.quern.cluster.memory.InMemoryZooKeeper;
import io.quern.protocol.mapred.JobSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One master's {@link JobStore} on an in-memory cluster, fenced as {@link ZkJobStore} is: a
 * write under an epoch succeeds only while that epoch is the one this master leads with and no
 * election has taken another since ({@link InMemoryZooKeeper#atEpoch} makes check and write one
 * step, as ZooKeeper's transaction does). Specs stay in memory: nothing here reads or deletes the
 * staging directory, as ZkJobStore does with the spec file it writes there.
 */
final class InMemoryJobStore implements JobStore {
  /** The jobs every master of one in-memory cluster records: ZooKeeper's {@code jobs/} subtree. */
  static final class Jobs {
    private final InMemoryZooKeeper zk;
    /** By job id, with their finished tasks by task id; guarded by the InMemoryZooKeeper's monitor. */
    private final Map<String, JobSpec> specs = new TreeMap<>();
    private final Map<String, Map<String, TaskRecord>> finished = new TreeMap<>();

    Jobs(InMemoryZooKeeper zk) {
      this.zk = zk;
    }

    /** The store of one more master. */
    InMemoryJobStore store() {
      return new InMemoryJobStore(this);
    }
  }

  private final Jobs jobs;
  /** The epoch this master leads with; -1 when not leading. */
  private volatile long leadEpoch = -1;

  private InMemoryJobStore(Jobs jobs) {
    this.jobs = jobs;
  }

  @Override
  public void save(JobSpec spec) throws IOException {
    jobs.zk.atEpoch(current -> {
      if (jobs.specs.containsKey(spec.jobId())) {
        throw new IOException("cannot record job " + spec.jobId() + ": it is recorded already");
      }
      jobs.specs.put(spec.jobId(), spec);
      jobs.finished.put(spec.jobId(), new TreeMap<>());
      return null;
    });
  }

  @Override
  public void recordTask(long epoch, String jobId, TaskRecord task) throws IOException {
    jobs.zk.atEpoch(current -> {
      fence(epoch, current);
      Map<String, TaskRecord> tasks = jobs.finished.get(jobId);
      if (tasks == null) {
        throw new IOException("cannot record " + task.taskId() + ": job " + jobId + " is not recorded");
      }
      tasks.put(task.taskId(), task);
      return null;
    });
  }

  @Override
  public void remove(long epoch, String jobId) throws IOException {
    jobs.zk.atEpoch(current -> {
      if (!jobs.specs.containsKey(jobId)) {
        return null; // already gone: removal is idempotent
      }
      fence(epoch, current);
      jobs.specs.remove(jobId);
      jobs.finished.remove(jobId);
      return null;
    });
  }

  @Override
  public void lead(long epoch) throws IOException {
    jobs.zk.atEpoch(current -> {
      if (current == 0) {
        throw new IOException("cannot read the master epoch: no master has taken one");
      }
      if (current != epoch) {
        throw new FencedException(epoch);
      }
      leadEpoch = epoch;
      return null;
    });
  }

  @Override
  public void checkEpoch(long epoch) throws IOException {
    jobs.zk.atEpoch(current -> {
      if (epoch != leadEpoch || current != leadEpoch) {
        throw new FencedException(epoch);
      }
      return null;
    });
  }

  /** A negative epoch is not checked: it undoes the record of a submission no leader accepted. */
  private void fence(long epoch, long current) throws FencedException {
    if (epoch >= 0 && (epoch != leadEpoch || current != leadEpoch)) {
      throw new FencedException(epoch);
    }
  }

  @Override
  public List<Saved> load() {
    return jobs.zk.atEpoch(current -> {
      List<Saved> out = new ArrayList<>();
      jobs.specs.forEach((id, spec) -> out.add(new Saved(spec, List.copyOf(jobs.finished.get(id).values()))));
      return out;
    });
  }
}
