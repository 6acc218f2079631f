package io.quern.master;

import io.quern.cluster.ClusterLayout;
import io.quern.conf.Configuration;
import io.quern.io.SeekableInput;
import io.quern.mapreduce.files.JobFiles;
import io.quern.protocol.JobSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;

/**
 * {@link JobStore} on ZooKeeper and the job file system: {@code jobs/JOB_ID} holds
 * {@code spec=PATH} as text, and PATH (in the staging directory) the encoded spec.
 */
final class ZkJobStore implements JobStore {
  private static final String SPEC_FILE = "job.spec";

  private final CuratorFramework zk;
  private final ClusterLayout layout;
  private final Configuration conf;

  ZkJobStore(CuratorFramework zk, ClusterLayout layout, Configuration conf) {
    this.zk = zk;
    this.layout = layout;
    this.conf = conf;
  }

  @Override
  public void save(JobSpec spec) throws IOException {
    String file = spec.stagingDir() + "/" + SPEC_FILE;
    try (OutputStream out = JobFiles.get(file, conf).create(file)) {
      JobSpecCodec.write(spec, out);
    }
    byte[] data = ("spec=" + file + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      zk.create().creatingParentsIfNeeded().forPath(layout.job(spec.jobId()), data);
    } catch (Exception e) {
      throw new IOException("cannot record job " + spec.jobId() + " in ZooKeeper: " + e.getMessage(), e);
    }
  }

  /** Forgets the job and deletes its staging directory (jar and spec), which nothing needs any more. */
  @Override
  public void remove(String jobId) throws IOException {
    String specFile;
    try {
      specFile = new String(zk.getData().forPath(layout.job(jobId)), StandardCharsets.UTF_8).strip()
          .replaceFirst("^spec=", "");
      zk.delete().forPath(layout.job(jobId));
    } catch (KeeperException.NoNodeException e) {
      return; // already gone: removal is idempotent
    } catch (Exception e) {
      throw new IOException("cannot remove job " + jobId + " from ZooKeeper: " + e.getMessage(), e);
    }
    if (specFile.endsWith("/" + SPEC_FILE)) {
      String staging = specFile.substring(0, specFile.length() - SPEC_FILE.length() - 1);
      JobFiles.get(staging, conf).delete(staging, true);
    }
  }

  @Override
  public List<JobSpec> load() throws IOException {
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
    List<JobSpec> out = new ArrayList<>();
    for (String id : ids) {
      String text;
      try {
        text = new String(zk.getData().forPath(layout.job(id)), StandardCharsets.UTF_8);
      } catch (KeeperException.NoNodeException e) {
        continue;
      } catch (Exception e) {
        throw new IOException("cannot read job " + id + " from ZooKeeper: " + e.getMessage(), e);
      }
      String file = text.strip().replaceFirst("^spec=", "");
      try (SeekableInput in = JobFiles.get(file, conf).open(file)) {
        out.add(JobSpecCodec.read(new InputStream() {
          @Override
          public int read() throws IOException {
            byte[] one = new byte[1];
            return in.read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            return len == 0 ? 0 : in.read(b, off, len);
          }
        }));
      }
    }
    return out;
  }
}
