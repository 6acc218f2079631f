package io.quern.master;

import io.quern.cluster.ClusterLayout;
import io.quern.conf.Configuration;
import io.quern.io.SeekableInput;
import io.quern.mapreduce.files.JobFiles;
import io.quern.protocol.mapred.JobSpec;
import io.quern.util.Sha256;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.api.transaction.CuratorTransactionResult;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * {@link JobStore} on ZooKeeper and the job file system: {@code jobs/JOB_ID} holds
 * {@code spec=PATH} as text, and PATH (in the staging directory) the encoded spec; each
 * finished task is a child {@code jobs/JOB_ID/TASK_ID} holding a {@link TaskRecord}.
 *
 * <p>Writes of a leader are fenced: each is a transaction that first checks the version of
 * {@code master/epoch} that this master saw when it took its epoch ({@link #lead}). Every new
 * leader moves the counter, and with it the version, so once a newer leader took an epoch a
 * paused old leader's write fails whole.
 */
final class ZkJobStore implements JobStore {
  private static final Logger LOG = LogManager.getLogger(ZkJobStore.class);

  private static final String SPEC_FILE = "job.spec";

  private final CuratorFramework zk;
  private final ClusterLayout layout;
  private final Configuration conf;
  /** The epoch this master leads with and the epoch znode's version that holds it; -1 when not leading. */
  private volatile long leadEpoch = -1;
  private volatile int leadVersion = -1;
  /**
   * Specs by file, read ahead while standing by: a new leader assigns no task before it has
   * every unfinished job's spec, and reading one from the DFS can take seconds (a first
   * connection to a DataNode on a loaded machine).
   */
  private final Map<String, JobSpec> specs = new ConcurrentHashMap<>();

  ZkJobStore(CuratorFramework zk, ClusterLayout layout, Configuration conf) {
    this.zk = zk;
    this.layout = layout;
    this.conf = conf;
  }

  @Override
  public void save(JobSpec spec) throws IOException {
    String file = spec.stagingDir() + "/" + SPEC_FILE;
    java.io.ByteArrayOutputStream encoded = new java.io.ByteArrayOutputStream();
    JobSpecCodec.write(spec, encoded);
    try (OutputStream out = JobFiles.get(file, conf).create(file)) {
      encoded.writeTo(out);
    }
    // The spec lies in the submitter's staging directory, which the submitter may write: its
    // digest goes to ZooKeeper, which only the cluster may write, and a later leader runs the
    // job only if the file still matches (else a user could rewrite whom its tasks run as).
    byte[] data = ("spec=" + file + "\nsha256=" + Sha256.hex(encoded.toByteArray()) + "\n")
        .getBytes(StandardCharsets.UTF_8);
    try {
      zk.create().creatingParentsIfNeeded().forPath(layout.job(spec.jobId()), data);
    } catch (Exception e) {
      throw new IOException("cannot record job " + spec.jobId() + " in ZooKeeper: " + e.getMessage(), e);
    }
    specs.put(file, spec);
  }

  @Override
  public void recordTask(long epoch, String jobId, TaskRecord task) throws IOException {
    String path = layout.job(jobId) + "/" + task.taskId();
    byte[] data = task.encode().getBytes(StandardCharsets.UTF_8);
    try {
      boolean exists = zk.checkExists().forPath(path) != null;
      fenced(epoch, exists ? zk.transactionOp().setData().forPath(path, data)
          : zk.transactionOp().create().forPath(path, data));
    } catch (FencedException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("cannot record " + task.taskId() + " in ZooKeeper: " + e.getMessage(), e);
    }
  }

  @Override
  public void lead(long epoch) throws IOException {
    try {
      Stat stat = new Stat();
      String value = new String(zk.getData().storingStatIn(stat).forPath(layout.masterEpoch()),
          StandardCharsets.UTF_8).strip();
      if (!value.equals(Long.toString(epoch))) {
        throw new FencedException(epoch);
      }
      leadVersion = stat.getVersion();
      leadEpoch = epoch;
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("cannot read the master epoch: " + e.getMessage(), e);
    }
  }

  @Override
  public void checkEpoch(long epoch) throws IOException {
    try {
      Stat stat = zk.checkExists().forPath(layout.masterEpoch());
      if (epoch != leadEpoch || stat == null || stat.getVersion() != leadVersion) {
        throw new FencedException(epoch);
      }
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("cannot read the master epoch: " + e.getMessage(), e);
    }
  }

  /**
   * Runs the operations after a check that {@code epoch} is still the current one; a negative
   * epoch skips the check (undoing the record of a submission no leader accepted).
   */
  private void fenced(long epoch, CuratorOp... ops) throws Exception {
    List<CuratorOp> all = new ArrayList<>();
    if (epoch >= 0) {
      if (epoch != leadEpoch) {
        throw new FencedException(epoch);
      }
      all.add(zk.transactionOp().check().withVersion(leadVersion).forPath(layout.masterEpoch()));
    }
    all.addAll(List.of(ops));
    List<CuratorTransactionResult> results;
    try {
      results = zk.transaction().forOperations(all);
    } catch (KeeperException.BadVersionException e) {
      // Only the epoch check carries a version, so this is the fence.
      throw new FencedException(epoch);
    }
    if (results.size() != all.size()) {
      throw new IOException("ZooKeeper transaction answered " + results.size() + " of " + all.size() + " results");
    }
  }

  /** Forgets the job and deletes its staging directory (jar and spec), which nothing needs any more. */
  @Override
  public void remove(long epoch, String jobId) throws IOException {
    String specFile;
    try {
      String path = layout.job(jobId);
      specFile = specFile(new String(zk.getData().forPath(path), StandardCharsets.UTF_8));
      List<CuratorOp> ops = new ArrayList<>();
      for (String child : zk.getChildren().forPath(path)) {
        ops.add(zk.transactionOp().delete().forPath(path + "/" + child));
      }
      ops.add(zk.transactionOp().delete().forPath(path));
      fenced(epoch, ops.toArray(new CuratorOp[0]));
    } catch (KeeperException.NoNodeException e) {
      return; // already gone: removal is idempotent
    } catch (FencedException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("cannot remove job " + jobId + " from ZooKeeper: " + e.getMessage(), e);
    }
    if (specFile.endsWith("/" + SPEC_FILE)) {
      String staging = specFile.substring(0, specFile.length() - SPEC_FILE.length() - 1);
      JobFiles.get(staging, conf).delete(staging, true);
    }
  }

  @Override
  public List<Saved> load() throws IOException {
    List<String> ids;
    try {
      if (zk.checkExists().forPath(layout.jobs()) == null) {
        return List.of();
      }
      ids = new ArrayList<>(zk.getChildren().forPath(layout.jobs()));
    } catch (Exception e) {
      throw new IOException("cannot list the jobs in ZooKeeper: " + e.getMessage(), e);
    }
    ids.sort(null);
    List<Saved> out = new ArrayList<>();
    long start = System.nanoTime();
    long specNanos = 0;
    int cached = 0;
    for (String id : ids) {
      String text;
      try {
        text = new String(zk.getData().forPath(layout.job(id)), StandardCharsets.UTF_8);
      } catch (KeeperException.NoNodeException e) {
        continue;
      } catch (Exception e) {
        throw new IOException("cannot read job " + id + " from ZooKeeper: " + e.getMessage(), e);
      }
      List<TaskRecord> finished = new ArrayList<>();
      try {
        for (String task : zk.getChildren().forPath(layout.job(id))) {
          TaskRecord r = TaskRecord.decode(task,
              new String(zk.getData().forPath(layout.job(id) + "/" + task), StandardCharsets.UTF_8));
          if (r != null) {
            finished.add(r);
          }
        }
      } catch (KeeperException.NoNodeException e) {
        continue;
      } catch (Exception e) {
        throw new IOException("cannot read the tasks of job " + id + " from ZooKeeper: " + e.getMessage(), e);
      }
      String file = specFile(text);
      long specStart = System.nanoTime();
      JobSpec spec = specs.get(file);
      if (spec == null) {
        try {
          spec = readSpec(file, specDigest(text));
        } catch (ChangedSpecException e) {
          LOG.error("{}: {}; not running it", id, e.getMessage());
          continue;
        }
        specs.put(file, spec);
      } else {
        cached++;
      }
      specNanos += System.nanoTime() - specStart;
      out.add(new Saved(spec, finished));
    }
    // Timed in the log, since a new leader assigns no task before this is done.
    LOG.info("read {} unfinished jobs in {} ms ({} specs read ahead, {} ms for the others)", out.size(),
        (System.nanoTime() - start) / 1_000_000, cached, specNanos / 1_000_000);
    return out;
  }

  @Override
  public void prefetch() throws IOException {
    Map<String, String> files = new java.util.HashMap<>();
    try {
      if (zk.checkExists().forPath(layout.jobs()) == null) {
        specs.clear();
        return;
      }
      for (String id : zk.getChildren().forPath(layout.jobs())) {
        try {
          String text = new String(zk.getData().forPath(layout.job(id)), StandardCharsets.UTF_8);
          files.put(specFile(text), specDigest(text));
        } catch (KeeperException.NoNodeException e) {
          // finished meanwhile
        }
      }
    } catch (Exception e) {
      throw new IOException("cannot list the jobs in ZooKeeper: " + e.getMessage(), e);
    }
    specs.keySet().retainAll(files.keySet());
    for (Map.Entry<String, String> f : files.entrySet()) {
      if (!specs.containsKey(f.getKey())) {
        try {
          specs.put(f.getKey(), readSpec(f.getKey(), f.getValue()));
        } catch (ChangedSpecException e) {
          // the takeover reports it
        }
      }
    }
  }

  private static String specFile(String znodeText) {
    return znodeText.strip().split("\n")[0].replaceFirst("^spec=", "");
  }

  /** The spec's SHA-256 as recorded at submission; null for a job an older master recorded without it. */
  private static String specDigest(String znodeText) {
    for (String line : znodeText.split("\n")) {
      if (line.startsWith("sha256=")) {
        return line.substring("sha256=".length()).strip();
      }
    }
    return null;
  }

  /** A spec file is read whole and checked: a job's spec is small (its splits, its configuration). */
  private static final int MAX_SPEC_BYTES = 256 << 20;

  private JobSpec readSpec(String file, String expectedSha256) throws IOException {
    byte[] bytes;
    try (SeekableInput in = JobFiles.get(file, conf).open(file)) {
      java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf, 0, buf.length)) > 0) {
        all.write(buf, 0, n);
        if (all.size() > MAX_SPEC_BYTES) {
          throw new ChangedSpecException("its spec " + file + " is larger than any spec the master writes");
        }
      }
      bytes = all.toByteArray();
    }
    if (expectedSha256 == null) {
      LOG.warn("{} was recorded without its spec's digest (by an older master); trusting the file", file);
    } else if (!expectedSha256.equals(Sha256.hex(bytes))) {
      throw new ChangedSpecException("its spec " + file + " in the submitter's staging directory changed after"
          + " the job was accepted");
    }
    return JobSpecCodec.read(new java.io.ByteArrayInputStream(bytes));
  }

  /** A job's spec no longer is what the master wrote: the job is not run. */
  static final class ChangedSpecException extends IOException {
    ChangedSpecException(String message) {
      super(message);
    }
  }
}
