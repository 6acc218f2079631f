package io.quern.master;

import io.quern.cluster.ClusterLayout;
import io.quern.conf.Configuration;
import io.quern.fs.FileUtil;
import io.quern.fs.Path;
import io.quern.io.SeekableInput;
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
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * {@link JobStore} on ZooKeeper and the job file system: {@code jobs/JOB_ID} holds
 * {@code spec=PATH} as text, and PATH (in the staging directory) the encoded spec; finished
 * tasks are recorded in batches, children {@code jobs/JOB_ID/records-N} holding {@link
 * TaskRecord}s in {@link TaskRecordCodec}'s binary form (earlier masters wrote them as text, and
 * before batches one child {@code jobs/JOB_ID/TASK_ID} per task; all are read).
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
  /**
   * The epoch this master leads with and the epoch znode's version that holds it, as one value:
   * read as two fields, a write of an older epoch racing with {@link #lead} could pass the epoch
   * check and then be fenced by the new epoch's version, which it would pass. Volatile, replaced whole.
   */
  private volatile Lead lead = new Lead(-1, -1);

  private record Lead(long epoch, int version) {}
  /**
   * Specs by file, read ahead while standing by: a new leader assigns no task before it has
   * every unfinished job's spec, and reading one from the DFS can take seconds (a first
   * connection to a DataNode on a loaded machine). Thread-safe (a concurrent map of immutable
   * specs): the standby's read-ahead and the leader's calls share it.
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
    try (OutputStream out = spec.credentials().length > 0 ? createPrivate(file)
        : FileUtil.create(new Path(file), conf)) {
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

  /**
   * Creates a spec file only this master may read (mode 0600, before a byte of it is written):
   * it holds the job's credentials, and the job's staging directory is its user's, where any
   * other job of that user could otherwise read them.
   */
  private OutputStream createPrivate(String file) throws IOException {
    io.quern.fs.Path path = new io.quern.fs.Path(file);
    io.quern.fs.FileSystem fs = path.getFileSystem(conf);
    if (fs instanceof io.quern.fs.LocalFileSystem) {
      java.nio.file.Path local = java.nio.file.Path.of(path.toUri().getPath());
      java.nio.file.Files.createDirectories(local.getParent());
      java.nio.file.Files.deleteIfExists(local);
      return java.nio.channels.Channels.newOutputStream(java.nio.file.Files.newByteChannel(local,
          java.util.Set.of(java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE),
          java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
              java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"))));
    }
    OutputStream out = fs.create(path, true);
    try {
      fs.setPermission(path, new io.quern.fs.permission.FsPermission((short) 0600));
    } catch (IOException | RuntimeException e) {
      out.close();
      fs.delete(path, false);
      throw e;
    }
    return out;
  }

  @Override
  public void recordTask(long epoch, String jobId, TaskRecord task) throws IOException {
    recordTasks(epoch, jobId, List.of(task));
  }

  /**
   * Records the tasks in one fenced transaction per {@value #RECORDS_PER_ZNODE} records or
   * {@value #BYTES_PER_ZNODE} bytes, whichever comes first: each batch is one sequential znode
   * {@code jobs/JOB_ID/records-N} ({@link TaskRecordCodec}), so that a job of 100,000 tasks
   * neither costs a ZooKeeper write per task nor lists 100,000 children (a listing or a write
   * larger than ZooKeeper's 1 MB packet fails, and a new leader could not read the job).
   */
  @Override
  public void recordTasks(long epoch, String jobId, List<TaskRecord> tasks) throws IOException {
    TaskRecordCodec.Encoder encoder = encoders.computeIfAbsent(jobId, TaskRecordCodec.Encoder::new);
    synchronized (encoder) {
      TaskRecordCodec.Batch batch = encoder.batch();
      for (TaskRecord t : tasks) {
        batch.add(t);
        if (batch.records() == RECORDS_PER_ZNODE || batch.size() >= BYTES_PER_ZNODE) {
          writeBatch(epoch, jobId, encoder, batch);
          batch = encoder.batch();
        }
      }
      if (batch.records() > 0) {
        writeBatch(epoch, jobId, encoder, batch);
      }
    }
  }

  /**
   * Each job's encoder, which knows the names its batches defined; dropped with the job, and at
   * each new leadership (another leader may have written since). Thread-safe map; each encoder
   * is guarded by itself while a batch is written with it.
   */
  private final Map<String, TaskRecordCodec.Encoder> encoders = new ConcurrentHashMap<>();

  private void writeBatch(long epoch, String jobId, TaskRecordCodec.Encoder encoder, TaskRecordCodec.Batch batch)
      throws IOException {
    boolean written = false;
    try {
      fenced(epoch, zk.transactionOp().create().withMode(CreateMode.PERSISTENT_SEQUENTIAL)
          .forPath(layout.job(jobId) + "/" + RECORDS_PREFIX, batch.toBytes()));
      written = true;
    } catch (FencedException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("cannot record " + batch.records() + " finished tasks of " + jobId + " in ZooKeeper: "
          + e.getMessage(), e);
    } finally {
      if (written) {
        encoder.written(batch);
      } else {
        encoder.notWritten();
      }
    }
  }

  /** Records in one znode: some 30 to 100 bytes each (2 KB as text, by masters before). */
  static final int RECORDS_PER_ZNODE = 2_000;
  /** Well below ZooKeeper's 1 MB per request, with room for the transaction and the record past it. */
  static final int BYTES_PER_ZNODE = 512 * 1024;
  private static final String RECORDS_PREFIX = "records-";

  /**
   * The records of one child of a job's znode: a batch ({@code records-N}), or, as masters
   * before batches wrote them, one task's record named by the task.
   */
  private static List<TaskRecord> decodeRecords(TaskRecordCodec.Decoder decoder, String child, byte[] data)
      throws IOException {
    if (!child.startsWith(RECORDS_PREFIX)) {
      TaskRecord r = TextTaskRecords.decode(child, new String(data, StandardCharsets.UTF_8));
      return r == null ? List.of() : List.of(r);
    }
    return decoder.decode(data);
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
      lead = new Lead(epoch, stat.getVersion());
      encoders.clear();
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
      Lead l = lead;
      if (epoch != l.epoch() || stat == null || stat.getVersion() != l.version()) {
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
      Lead l = lead;
      if (epoch != l.epoch()) {
        throw new FencedException(epoch);
      }
      all.add(zk.transactionOp().check().withVersion(l.version()).forPath(layout.masterEpoch()));
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

  private static final int DELETES_PER_TRANSACTION = 1_000;

  /** Forgets the job and deletes its staging directory (jar and spec), which nothing needs any more. */
  @Override
  public void remove(long epoch, String jobId) throws IOException {
    encoders.remove(jobId);
    String specFile;
    try {
      String path = layout.job(jobId);
      specFile = specFile(new String(zk.getData().forPath(path), StandardCharsets.UTF_8));
      // In transactions of a bounded size (each fenced): a job's records are many znodes.
      List<String> children = zk.getChildren().forPath(path);
      for (int from = 0; from < children.size(); from += DELETES_PER_TRANSACTION) {
        List<CuratorOp> ops = new ArrayList<>();
        for (String child : children.subList(from, Math.min(children.size(), from + DELETES_PER_TRANSACTION))) {
          ops.add(zk.transactionOp().delete().forPath(path + "/" + child));
        }
        fenced(epoch, ops.toArray(new CuratorOp[0]));
      }
      fenced(epoch, zk.transactionOp().delete().forPath(path));
    } catch (KeeperException.NoNodeException e) {
      return; // already gone: removal is idempotent
    } catch (FencedException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("cannot remove job " + jobId + " from ZooKeeper: " + e.getMessage(), e);
    }
    if (specFile.endsWith("/" + SPEC_FILE)) {
      String staging = specFile.substring(0, specFile.length() - SPEC_FILE.length() - 1);
      Path dir = new Path(staging);
      dir.getFileSystem(conf).delete(dir, true);
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
      List<TaskRecord> finished;
      try {
        // Per-task children (older masters) first, then batches in the order written: a task
        // recorded again (a map run again) keeps its latest record.
        List<String> children = new ArrayList<>(zk.getChildren().forPath(layout.job(id)));
        children.sort(java.util.Comparator.comparing((String c) -> c.startsWith(RECORDS_PREFIX))
            .thenComparing(java.util.Comparator.naturalOrder()));
        Map<String, TaskRecord> byTask = new java.util.TreeMap<>();
        TaskRecordCodec.Decoder decoder = new TaskRecordCodec.Decoder(id);
        for (String child : children) {
          byte[] data = zk.getData().forPath(layout.job(id) + "/" + child);
          try {
            for (TaskRecord r : decodeRecords(decoder, child, data)) {
              byTask.put(r.taskId(), r);
            }
          } catch (IOException e) {
            // Its tasks run again: their outputs are rewritten, nothing is lost but the time.
            LOG.error("{}: cannot read the finished tasks recorded in {}: {}; running them again", id, child,
                e.getMessage());
          }
        }
        finished = new ArrayList<>(byTask.values());
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
    Path path = new Path(file);
    try (SeekableInput in = path.getFileSystem(conf).open(path)) {
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
