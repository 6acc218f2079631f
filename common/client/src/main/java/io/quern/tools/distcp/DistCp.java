package io.quern.tools.distcp;

import io.quern.cli.CliMain;
import io.quern.cluster.zk.ZkSessionsAtExit;
import io.quern.conf.Configuration;
import io.quern.conf.Configured;
import io.quern.conf.UserName;
import io.quern.fs.FSDataOutputStream;
import io.quern.fs.FileStatus;
import io.quern.fs.FileSystem;
import io.quern.fs.Path;
import io.quern.mapreduce.Counters;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.client.StagingArea;
import io.quern.mapreduce.lib.input.FileInputFormat;
import io.quern.mapreduce.lib.output.NullOutputFormat;
import io.quern.util.Tool;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * {@code quern distcp}: copies trees of files with a map-only job, as Hadoop's distcp. The client
 * lists the sources, writes the copy list, split into balanced shares, into its staging directory
 * (in the DFS when the staging root is there), and each map copies one share; see
 * {@link CopyListing} for where each source lands and {@link CopyMapper} for how a file is copied.
 */
public final class DistCp extends Configured implements Tool {
  /** Hadoop's DistCp counter names. */
  public enum Counter { COPY, SKIP, FAIL, BYTESCOPIED, BYTESEXPECTED }

  static final String MODE_KEY = "distcp.copy.mode";
  static final String IGNORE_FAILURES_KEY = "distcp.ignore.read.failures";
  static final String TMP_DIR_KEY = "distcp.tmp.dir";
  static final String MAX_MAPS_KEY = "distcp.max.map.tasks";
  static final String BYTES_PER_MAP_KEY = "distcp.bytes.per.map";

  static final String USAGE = String.join("\n",
      "Usage: quern distcp [GENERIC_OPTIONS] [-update | -overwrite] [-m N] [-i] SRC... DST",
      "  Copies files and directories with a map-only job on the cluster.",
      "  -update      copy only files missing at the destination or of another length",
      "  -overwrite   copy every file, replacing what the destination holds",
      "               (with -update or -overwrite a source directory's contents go into DST;",
      "               without them an existing target file is skipped and SRC goes under DST if it is a directory)",
      "  -m N         at most N maps (default: one per " + "distcp.bytes.per.map, at most distcp.max.map.tasks)",
      "  -i           ignore failures: count a file that cannot be copied (FAIL) and go on",
      "  SRC, DST are qfs: (or hdfs:) paths; a file: path is read or written by the map tasks on the",
      "  workers, so it works only for a path every worker sees (a shared mount), as in Hadoop.");

  public DistCp() {
    setConf(new Configuration());
  }

  public static void main(String[] args) {
    ZkSessionsAtExit.install();
    System.exit(CliMain.run("distcp", new DistCp(), args));
  }

  @Override
  public int run(String[] args) throws Exception {
    if (args.length == 0 || List.of("-help", "--help", "-h").contains(args[0])) {
      System.out.println(USAGE);
      return args.length == 0 ? 2 : 0;
    }
    DistCpOptions o = DistCpOptions.parse(args);
    Job job = createJob(getConf(), o);
    if (job == null) {
      System.err.println("distcp: nothing to copy");
      return 0;
    }
    try {
      boolean ok = job.waitForCompletion(true);
      Counters c = job.getCounters();
      System.err.printf("distcp: %d files copied (%d bytes), %d skipped, %d failed%n",
          c.findCounter(Counter.COPY).getValue(), c.findCounter(Counter.BYTESCOPIED).getValue(),
          c.findCounter(Counter.SKIP).getValue(), c.findCounter(Counter.FAIL).getValue());
      return ok ? 0 : 1;
    } finally {
      cleanUp(job.getConfiguration());
    }
  }

  /**
   * The copy job for {@code o}, its copy list written, not yet submitted; null when the sources
   * hold nothing. After the job, {@link #cleanUp} removes the list and the temporary directory.
   */
  public static Job createJob(Configuration base, DistCpOptions o) throws IOException {
    List<CopyEntry> entries = CopyListing.build(base, o.sources(), o.destination(),
        o.mode() != CopyDecision.Mode.SKIP_EXISTING);
    long bytes = entries.stream().mapToLong(CopyEntry::length).sum();
    int maps = o.maps() != null ? o.maps() : defaultMaps(base, bytes);
    List<List<CopyEntry>> shares = CopyPlan.split(entries, maps);
    if (shares.isEmpty()) {
      return null;
    }
    Job job = Job.getInstance(base);
    Configuration conf = job.getConfiguration();
    String stamp = UUID.randomUUID().toString().substring(0, 8);
    StagingArea staging = StagingArea.of(conf, UserName.of(conf));
    staging.prepare();
    Path listDir = new Path(staging.dir() + "/distcp_" + stamp);
    FileSystem listFs = listDir.getFileSystem(conf);
    for (int i = 0; i < shares.size(); i++) {
      try (FSDataOutputStream out = listFs.create(new Path(listDir, String.format("share-%05d", i)), false);
          Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
        for (CopyEntry e : shares.get(i)) {
          w.write(e.toLine());
          w.write('\n');
        }
      }
    }
    conf.set(MODE_KEY, o.mode().name());
    conf.setBoolean(IGNORE_FAILURES_KEY, o.ignoreFailures());
    conf.set(TMP_DIR_KEY, tmpDir(conf, o.destination(), stamp).toString());
    conf.set(LIST_DIR_KEY, listFs.makeQualified(listDir).toString());
    job.setJobName("distcp: " + o.sources().stream().map(Path::toString).collect(Collectors.joining(" "))
        + " -> " + o.destination());
    job.setMapperClass(CopyMapper.class);
    job.setInputFormatClass(CopyListInputFormat.class);
    job.setOutputFormatClass(NullOutputFormat.class);
    job.setNumReduceTasks(0);
    // Two attempts of one share would copy the same files twice for nothing.
    job.setMapSpeculativeExecution(false);
    FileInputFormat.addInputPath(job, listFs.makeQualified(listDir));
    return job;
  }

  static final String LIST_DIR_KEY = "distcp.list.dir";

  /** Removes the copy list and the temporary directory of a job {@link #createJob} made. */
  public static void cleanUp(Configuration jobConf) throws IOException {
    for (String key : List.of(LIST_DIR_KEY, TMP_DIR_KEY)) {
      String dir = jobConf.get(key);
      if (dir != null) {
        Path p = new Path(dir);
        p.getFileSystem(jobConf).delete(p, true);
      }
    }
  }

  /** One map per {@value #BYTES_PER_MAP_KEY} bytes, at least one and at most {@value #MAX_MAPS_KEY}. */
  static int defaultMaps(Configuration conf, long bytes) {
    long perMap = Math.max(1, DistCpKeys.BYTES_PER_MAP.getLong(conf));
    int max = Math.max(1, DistCpKeys.MAX_MAP_TASKS.getInt(conf));
    return (int) Math.max(1, Math.min(max, (bytes + perMap - 1) / perMap));
  }

  /**
   * Where maps write before renaming into place: next to the targets, on their file system, so
   * that the rename stays within it. Inside the destination when it is an existing directory, else
   * beside it.
   */
  static Path tmpDir(Configuration conf, Path destination, String stamp) throws IOException {
    FileSystem fs = destination.getFileSystem(conf);
    Path dst = fs.makeQualified(destination);
    FileStatus status = CopyListing.statusOrNull(fs, dst);
    Path base = (status != null && status.isDirectory()) || dst.getParent() == null ? dst : dst.getParent();
    return new Path(base, "_distcp_tmp_" + stamp);
  }
}
