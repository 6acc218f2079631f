package io.quern.mapreduce.lib.output;

import io.quern.conf.Configuration;
import io.quern.mapreduce.JobContext;
import io.quern.mapreduce.JobState;
import io.quern.mapreduce.MapredKeys;
import io.quern.mapreduce.OutputCommitter;
import io.quern.mapreduce.TaskAttemptContext;
import io.quern.mapreduce.TaskAttemptID;
import io.quern.mapreduce.TaskID;
import io.quern.fs.FileStatus;
import io.quern.fs.FileSystem;
import io.quern.fs.FileUtil;
import io.quern.fs.Path;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Publishes a job's files so that no failed or duplicate attempt's output ever shows. An
 * attempt writes under {@code OUT/_temporary/_ATTEMPT}; the master grants the task's commit to
 * one attempt (a speculative twin that loses is aborted, its directory deleted). Then, as
 * Hadoop's {@value #ALGORITHM_VERSION} says:
 *
 * <ul>
 *   <li><b>1</b>: the task's commit renames the attempt's directory to
 *       {@code OUT/_temporary/_committed/TASK}; the job's commit moves every committed file into
 *       {@code OUT}. Nothing shows in {@code OUT} before the job's commit; an aborted job leaves
 *       nothing.
 *   <li><b>2</b>: the task's commit renames the attempt's directory to
 *       {@code OUT/_temporary/TASK}, then moves its files from there into {@code OUT},
 *       merging directories ({@code name/part-r-00000} of MultipleOutputs); the job's commit only
 *       deletes {@code _temporary}. A committed task's files show before the job ends, and
 *       <em>stay when the job fails or is killed afterwards</em> (without {@code _SUCCESS}): as
 *       in Hadoop, where that is algorithm 2's documented trade.
 * </ul>
 *
 * Unset, the version is 1, except for a job whose output comes from one task (one reduce, or a
 * map-only job of one map): that task commits as in 2 ({@link CommitAlgorithm#ONE_OUTPUT_TASK}),
 * which spares the job's end a listing and a rename per file; such a job that fails after its
 * one task committed leaves that task's files. A job that sets 1 keeps 1.
 *
 * <p>A task committed once stays committed: a second commit of the task (the job restarted by a
 * new master, which did not hear of the first) finds the first one's directory under
 * {@code _temporary}, keeps it (in 2, finishing any move the first left half done, and keeping
 * the files already in {@code OUT}) and deletes its own attempt's files. The job's commit
 * writes {@code _SUCCESS} unless {@value #SUCCESSFUL_JOB_OUTPUT_DIR_MARKER} is false; an aborted
 * job deletes {@code _temporary}.
 */
public class FileOutputCommitter extends OutputCommitter {
  public static final String TEMP_DIR_NAME = "_temporary";
  public static final String SUCCEEDED_FILE_NAME = "_SUCCESS";
  /** Hadoop's key: 1 or 2, see the class; unset, 1 except for a job whose output comes from one task. */
  public static final String ALGORITHM_VERSION = "mapreduce.fileoutputcommitter.algorithm.version";
  /** Hadoop's key: whether the job's commit writes {@value #SUCCEEDED_FILE_NAME}. */
  public static final String SUCCESSFUL_JOB_OUTPUT_DIR_MARKER = "mapreduce.fileoutputcommitter.marksuccessfuljobs";
  private static final String COMMITTED = "_committed";

  private final String outputPath;
  private final FileSystem fs;
  private final Configuration conf;
  private final String workPath;
  private final CommitAlgorithm algorithm;
  /** Whether this attempt's commit moves its files straight into the output (algorithm 2 for its task). */
  private final boolean publishesAtTaskCommit;
  private final boolean markSuccess;

  public FileOutputCommitter(String outputPath, TaskAttemptContext context) {
    this(outputPath, context, context.getTaskAttemptID());
  }

  public FileOutputCommitter(String outputPath, JobContext context) {
    this(outputPath, context, null);
  }

  private FileOutputCommitter(String outputPath, JobContext context, TaskAttemptID attempt) {
    Configuration conf = context.getConfiguration();
    this.outputPath = outputPath;
    this.conf = conf;
    try {
      this.fs = new Path(outputPath).getFileSystem(conf);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("no file system for " + outputPath + ": " + e.getMessage(), e);
    }
    this.workPath = attempt == null ? null : temp() + "/_" + attempt;
    this.algorithm = CommitAlgorithm.of(conf);
    this.publishesAtTaskCommit = attempt != null
        && algorithm.publishesAtTaskCommit(attempt.getTaskID().getTaskType(), conf);
    this.markSuccess = MapredKeys.FILEOUTPUTCOMMITTER_MARK_SUCCESSFUL_JOBS.get(conf);
  }

  private String temp() {
    return outputPath + "/" + TEMP_DIR_NAME;
  }

  /** Where this attempt writes its files. */
  public String getWorkPath() {
    return workPath;
  }

  @Override
  public void setupJob(JobContext context) throws IOException {
    fs.mkdirs(new Path(temp()));
  }

  @Override
  public void commitJob(JobContext context) throws IOException {
    if (algorithm.jobCommitMovesFiles()) {
      moveInParallel(list(temp() + "/" + COMMITTED));
    }
    fs.delete(new Path(temp()), true);
    if (markSuccess) {
      try (OutputStream out = FileUtil.create(new Path(outputPath + "/" + SUCCEEDED_FILE_NAME), conf)) {
        out.flush();
      }
    }
  }

  /** Threads moving committed tasks' files: a rename is a NameNode round trip and a sync of its edit log. */
  private static final int MOVERS = 8;

  /**
   * Moves the committed tasks' files into the output, several tasks at a time: a farm of
   * thousands of tasks would otherwise wait at its end for as many renames one after another.
   */
  private void moveInParallel(FileStatus[] tasks) throws IOException {
    if (tasks.length <= 1) {
      for (FileStatus task : tasks) {
        moveFiles(task.getPath().toString(), outputPath);
      }
      return;
    }
    java.util.concurrent.ExecutorService movers = java.util.concurrent.Executors.newFixedThreadPool(
        Math.min(MOVERS, tasks.length), r -> {
          Thread t = new Thread(r, "commit-mover");
          t.setDaemon(true);
          return t;
        });
    try {
      java.util.List<java.util.concurrent.Future<?>> moves = new java.util.ArrayList<>();
      for (FileStatus task : tasks) {
        moves.add(movers.submit(() -> {
          moveFiles(task.getPath().toString(), outputPath);
          return null;
        }));
      }
      for (java.util.concurrent.Future<?> move : moves) {
        try {
          move.get();
        } catch (java.util.concurrent.ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof IOException io) {
            throw io;
          }
          throw new IOException("cannot move committed output: " + cause, cause);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new java.io.InterruptedIOException("interrupted while moving committed output");
        }
      }
    } finally {
      movers.shutdownNow();
    }
  }

  private void moveFiles(String fromDir, String toDir) throws IOException {
    for (FileStatus e : list(fromDir)) {
      String path = e.getPath().toString();
      String target = toDir + "/" + e.getPath().getName();
      if (e.isDirectory()) {
        fs.mkdirs(new Path(target));
        moveFiles(path, target);
      } else if (!rename(path, target)) {
        throw new IOException("cannot move committed output " + path + " to " + target);
      }
    }
  }

  @Override
  public void abortJob(JobContext context, JobState state) throws IOException {
    fs.delete(new Path(temp()), true);
  }

  @Override
  public void setupTask(TaskAttemptContext context) {
    // The work directory is created with the first file written to it.
  }

  @Override
  public boolean needsTaskCommit(TaskAttemptContext context) throws IOException {
    return workPath != null && fs.exists(new Path(workPath));
  }

  @Override
  public void commitTask(TaskAttemptContext context) throws IOException {
    // The task asked needsTaskCommit just before; a farm's one-second tasks feel every NameNode call.
    if (workPath == null) {
      return;
    }
    TaskID task = context.getTaskAttemptID().getTaskID();
    if (!publishesAtTaskCommit) {
      claim(temp() + "/" + COMMITTED + "/" + task);
      return;
    }
    // Beside the attempts' directories, whose parent exists: the rename needs no mkdirs first.
    String published = temp() + "/" + task;
    if (claim(published) != Claim.NOTHING) {
      // An earlier commit of the task may have stopped half way (its attempt died, or a new
      // master restarted the job): finishing its moves publishes what it committed, and only that.
      publish(published, outputPath);
    }
  }

  private enum Claim { CLAIMED, EARLIER, NOTHING }

  /**
   * Renames this attempt's directory to {@code target}, the task's one committed copy: EARLIER
   * when an earlier commit of the task holds it (this attempt's files are deleted), NOTHING when
   * this attempt wrote nothing.
   */
  private Claim claim(String target) throws IOException {
    if (fs.exists(new Path(target))) {
      // Committed under an earlier master before a failover restarted the job: keep that one.
      fs.delete(new Path(workPath), true);
      return Claim.EARLIER;
    }
    boolean renamed;
    try {
      renamed = rename(workPath, target); // makes the parent too
    } catch (IOException e) {
      if (!fs.exists(new Path(workPath))) {
        return Claim.NOTHING; // the attempt wrote nothing: nothing to commit
      }
      throw e;
    }
    if (!renamed) {
      if (!fs.exists(new Path(workPath))) {
        return Claim.NOTHING;
      }
      throw new IOException("cannot commit " + workPath + ": " + target + " exists or the source vanished");
    }
    return Claim.CLAIMED;
  }

  /**
   * Moves the files under {@code fromDir} into {@code toDir}, merging directories. A directory is
   * made and merged into, never renamed whole: a rename onto an existing directory would land
   * inside it. A file already moved (by another committer finishing the same claim) is skipped;
   * one whose name another task's file took fails the commit, as the job's commit of algorithm 1 does.
   */
  private void publish(String fromDir, String toDir) throws IOException {
    for (FileStatus e : list(fromDir)) {
      String path = e.getPath().toString();
      String target = toDir + "/" + e.getPath().getName();
      if (e.isDirectory()) {
        fs.mkdirs(new Path(target));
        publish(path, target);
      } else if (!rename(path, target) && fs.exists(e.getPath())) {
        throw new IOException("cannot publish committed output " + path + ": " + target + " exists");
      }
    }
  }

  @Override
  public void abortTask(TaskAttemptContext context) throws IOException {
    if (workPath != null) {
      fs.delete(new Path(workPath), true);
    }
  }

  /** The entries of {@code dir} sorted by path; empty when it does not exist. One NameNode call. */
  private FileStatus[] list(String dir) throws IOException {
    return FileUtil.listSorted(fs, new Path(dir));
  }

  /**
   * Renames; false when the source is missing or the target exists. The target's parent usually
   * exists (a commit moves files into the output), so it is made only when the first try fails.
   */
  private boolean rename(String from, String to) throws IOException {
    Path src = new Path(from);
    Path dst = new Path(to);
    if (fs.rename(src, dst)) {
      return true;
    }
    Path parent = dst.getParent();
    if (parent == null) {
      return false;
    }
    if (!fs.exists(parent)) {
      fs.mkdirs(parent);
    }
    // Again even when the parent exists now: another task's commit may have made it since the first try.
    return fs.rename(src, dst);
  }
}
