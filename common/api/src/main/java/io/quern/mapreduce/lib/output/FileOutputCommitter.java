package io.quern.mapreduce.lib.output;

import io.quern.mapreduce.JobContext;
import io.quern.mapreduce.JobState;
import io.quern.mapreduce.OutputCommitter;
import io.quern.mapreduce.TaskAttemptContext;
import io.quern.mapreduce.TaskAttemptID;
import io.quern.mapreduce.files.JobFiles.FileEntry;
import io.quern.mapreduce.files.JobFiles;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Commits file output in two steps so that nothing partial is ever visible. An attempt
 * writes under {@code OUT/_temporary/_ATTEMPT}; the task commit (granted to one attempt
 * per task by the master) renames that directory to {@code OUT/_temporary/_committed/TASK};
 * the job commit moves every committed file into {@code OUT}, deletes {@code _temporary}
 * and writes {@code _SUCCESS}. An aborted job deletes {@code _temporary}, which holds all
 * it wrote.
 */
public class FileOutputCommitter extends OutputCommitter {
  public static final String TEMP_DIR_NAME = "_temporary";
  public static final String SUCCEEDED_FILE_NAME = "_SUCCESS";
  private static final String COMMITTED = "_committed";

  private final String outputPath;
  private final JobFiles fs;
  private final String workPath;

  public FileOutputCommitter(String outputPath, TaskAttemptContext context) {
    this(outputPath, context, context.getTaskAttemptID());
  }

  public FileOutputCommitter(String outputPath, JobContext context) {
    this(outputPath, context, null);
  }

  private FileOutputCommitter(String outputPath, JobContext context, TaskAttemptID attempt) {
    this.outputPath = outputPath;
    this.fs = JobFiles.get(outputPath, context.getConfiguration());
    this.workPath = attempt == null ? null : temp() + "/_" + attempt;
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
    fs.mkdirs(temp());
  }

  @Override
  public void commitJob(JobContext context) throws IOException {
    String committed = temp() + "/" + COMMITTED;
    moveInParallel(fs.list(committed));
    fs.delete(temp(), true);
    try (OutputStream out = fs.create(outputPath + "/" + SUCCEEDED_FILE_NAME)) {
      out.flush();
    }
  }

  /** Threads moving committed tasks' files: a rename is a NameNode round trip and a sync of its edit log. */
  private static final int MOVERS = 8;

  /**
   * Moves the committed tasks' files into the output, several tasks at a time: a farm of
   * thousands of tasks would otherwise wait at its end for as many renames one after another.
   */
  private void moveInParallel(java.util.List<FileEntry> tasks) throws IOException {
    if (tasks.size() <= 1) {
      for (FileEntry task : tasks) {
        moveFiles(task.path(), outputPath);
      }
      return;
    }
    java.util.concurrent.ExecutorService movers = java.util.concurrent.Executors.newFixedThreadPool(
        Math.min(MOVERS, tasks.size()), r -> {
          Thread t = new Thread(r, "commit-mover");
          t.setDaemon(true);
          return t;
        });
    try {
      java.util.List<java.util.concurrent.Future<?>> moves = new java.util.ArrayList<>();
      for (FileEntry task : tasks) {
        moves.add(movers.submit(() -> {
          moveFiles(task.path(), outputPath);
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
    for (FileEntry e : fs.list(fromDir)) {
      String target = toDir + "/" + e.name();
      if (e.isDirectory()) {
        fs.mkdirs(target);
        moveFiles(e.path(), target);
      } else if (!fs.rename(e.path(), target)) {
        throw new IOException("cannot move committed output " + e.path() + " to " + target);
      }
    }
  }

  @Override
  public void abortJob(JobContext context, JobState state) throws IOException {
    fs.delete(temp(), true);
  }

  @Override
  public void setupTask(TaskAttemptContext context) {
    // The work directory is created with the first file written to it.
  }

  @Override
  public boolean needsTaskCommit(TaskAttemptContext context) throws IOException {
    return workPath != null && fs.exists(workPath);
  }

  @Override
  public void commitTask(TaskAttemptContext context) throws IOException {
    // The task asked needsTaskCommit just before; a farm's one-second tasks feel every NameNode call.
    if (workPath == null) {
      return;
    }
    String target = temp() + "/" + COMMITTED + "/" + context.getTaskAttemptID().getTaskID();
    if (fs.exists(target)) {
      // Committed under an earlier master before a failover restarted the job: keep that one.
      fs.delete(workPath, true);
      return;
    }
    boolean renamed;
    try {
      renamed = fs.rename(workPath, target); // makes the parent (_committed) too
    } catch (IOException e) {
      if (!fs.exists(workPath)) {
        return; // the attempt wrote nothing: nothing to commit
      }
      throw e;
    }
    if (!renamed) {
      if (!fs.exists(workPath)) {
        return;
      }
      throw new IOException("cannot commit " + workPath + ": " + target + " exists or the source vanished");
    }
  }

  @Override
  public void abortTask(TaskAttemptContext context) throws IOException {
    if (workPath != null) {
      fs.delete(workPath, true);
    }
  }
}
