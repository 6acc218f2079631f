package io.quern.mapreduce.history;

import io.quern.conf.Configuration;
import io.quern.fs.FSDataInputStream;
import io.quern.fs.FSDataOutputStream;
import io.quern.fs.FileSystem;
import io.quern.fs.Path;
import io.quern.http.Json;
import io.quern.http.JsonReader;
import io.quern.mapreduce.JobID;
import io.quern.mapreduce.MapredKeys;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The job history files: one per finished job, {@code JOB_ID.json} in
 * {@code mapred.job.history.dir} (on the default file system, the DFS on a cluster, so that
 * every master and client sees the same), holding the job's {@link JobDetail} as JSON.
 */
public final class JobHistoryFiles {
  public static final String DIR_KEY = MapredKeys.JOB_HISTORY_DIR.name();
  /** Larger than any history a master writes (some 500 bytes an attempt): a bound for a corrupt file. */
  static final long MAX_BYTES = 256L << 20;

  private final Configuration conf;
  private final Path dir;

  public JobHistoryFiles(Configuration conf) {
    this.conf = conf;
    this.dir = new Path(MapredKeys.JOB_HISTORY_DIR.get(conf));
  }

  public Path dir() {
    return dir;
  }

  /** The history file of a job; the id is checked first, so no other path can be named. */
  public Path path(String jobId) {
    return new Path(dir, JobID.forName(jobId) + ".json");
  }

  /**
   * Writes the history, whole or not at all: into a temporary file renamed over the final
   * name, so that a master that dies while writing leaves no half history to be read.
   */
  public void write(JobDetail detail) throws IOException {
    Path file = path(detail.job().id());
    Path tmp = new Path(dir, "." + file.getName() + ".tmp");
    FileSystem fs = fs();
    fs.mkdirs(dir);
    try (FSDataOutputStream out = fs.create(tmp, true)) {
      out.write(Json.write(detail).getBytes(StandardCharsets.UTF_8));
    }
    fs.delete(file, false);
    if (!fs.rename(tmp, file)) {
      throw new IOException("cannot rename " + tmp + " to " + file);
    }
  }

  /** The job's history; empty if there is none (it has not ended, or never ran). */
  public Optional<JobDetail> read(String jobId) throws IOException {
    Path file = path(jobId);
    FileSystem fs = fs();
    byte[] bytes;
    try {
      long length = fs.getFileStatus(file).getLen();
      if (length > MAX_BYTES) {
        throw new IOException("the history file " + file + " is " + length + " bytes, more than any history holds");
      }
      bytes = new byte[(int) length];
      try (FSDataInputStream in = fs.open(file)) {
        in.readFully(0, bytes);
      }
    } catch (FileNotFoundException e) {
      return Optional.empty();
    }
    try {
      return Optional.of(JsonReader.read(new String(bytes, StandardCharsets.UTF_8), JobDetail.class));
    } catch (IllegalArgumentException e) {
      throw new IOException("the history file " + file + " is not a job history: " + e.getMessage(), e);
    }
  }

  private FileSystem fs() throws IOException {
    return FileSystem.get(dir.toUri(), conf);
  }
}
