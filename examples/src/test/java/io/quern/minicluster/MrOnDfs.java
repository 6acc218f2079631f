package io.quern.minicluster;

import io.quern.fs.FSDataOutputStream;
import io.quern.fs.FileStatus;
import io.quern.fs.FileSystem;
import io.quern.fs.Path;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A MapReduce cluster on a DFS of its own, and a client file system on that DFS: what the job
 * tests start, write their input and read their output through, and close in that order.
 */
final class MrOnDfs implements AutoCloseable {
  final MiniMrCluster cluster;
  final MiniDfs dfs;
  final FileSystem fs;

  private MrOnDfs(MiniMrCluster cluster, MiniDfs dfs, FileSystem fs) {
    this.cluster = cluster;
    this.dfs = dfs;
    this.fs = fs;
  }

  static MrOnDfs start(java.nio.file.Path dir, int workers, int mapSlots, int reduceSlots) throws Exception {
    return start(dir, workers, mapSlots, reduceSlots, conf -> { }, (i, conf) -> { });
  }

  /** With {@code setup} applied to the cluster's configuration once the DFS runs, and {@code perWorker} to each worker's. */
  static MrOnDfs start(java.nio.file.Path dir, int workers, int mapSlots, int reduceSlots, MiniMrCluster.Setup setup,
      MiniMrCluster.WorkerSetup perWorker) throws Exception {
    return start(dir, null, workers, mapSlots, reduceSlots, setup, perWorker);
  }

  /** As above, with the DataNode on {@code datanodeHost} (null: the cluster's host). */
  static MrOnDfs start(java.nio.file.Path dir, String datanodeHost, int workers, int mapSlots, int reduceSlots,
      MiniMrCluster.Setup setup, MiniMrCluster.WorkerSetup perWorker) throws Exception {
    MiniDfs[] dfs = new MiniDfs[1];
    MiniMrCluster cluster;
    try {
      cluster = new MiniMrCluster(dir, workers, mapSlots, reduceSlots, conf -> {
        dfs[0] = MiniDfs.start(conf, dir.resolve("dfs"), datanodeHost);
        setup.apply(conf);
      }, perWorker);
    } catch (Exception e) {
      if (dfs[0] != null) {
        dfs[0].close();
      }
      throw e;
    }
    return new MrOnDfs(cluster, dfs[0], FileSystem.newInstance(URI.create("qfs:///"), cluster.conf()));
  }

  void write(String path, String text) throws IOException {
    try (FSDataOutputStream out = fs.create(new Path(path))) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** The lines of every part file under {@code dir}, in part order. */
  List<String> output(String dir) throws IOException {
    List<FileStatus> parts = new ArrayList<>(Arrays.asList(fs.listStatus(new Path(dir))));
    parts.removeIf(s -> !s.getPath().getName().startsWith("part-"));
    parts.sort(Comparator.comparing(s -> s.getPath().getName()));
    List<String> lines = new ArrayList<>();
    for (FileStatus s : parts) {
      try (InputStream in = fs.open(s.getPath())) {
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        if (!text.isEmpty()) {
          lines.addAll(List.of(text.split("\n")));
        }
      }
    }
    return lines;
  }

  @Override
  public void close() throws Exception {
    fs.close();
    FileSystem.closeAll();
    if (dfs != null) {
      dfs.close();
    }
    cluster.close();
  }
}
