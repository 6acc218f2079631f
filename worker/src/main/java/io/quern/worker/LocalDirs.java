package io.quern.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where a worker keeps job files on local disk: {@code ROOT/jars/} the job jars by content,
 * {@code ROOT/jobs/JOB/} one directory per map attempt with its sorted output; {@code LOGS/JOB/} the stdout and
 * stderr of each attempt ({@code ATTEMPT.stdout}) and of the job's child JVM outside them
 * ({@code CHILD.stdout}). Shared by the worker and its children (same paths).
 */
public final class LocalDirs {
  // Immutable: set at construction.
  private final Path root;
  private final Path logs;

  public LocalDirs(Path root, Path logs) {
    this.root = root;
    this.logs = logs;
  }

  public Path root() {
    return root;
  }

  public Path logs() {
    return logs;
  }

  /** Scratch space of the identity job a child rehearses before it gets one of its own. */
  public Path rehearsals() {
    return root.resolve("rehearsals");
  }

  /** Where jobs' directories are: this worker's, while each job's directory is its task user's. */
  public Path jobs() {
    return root.resolve("jobs");
  }

  public Path job(String jobId) {
    return jobs().resolve(jobId);
  }

  /**
   * Where this worker keeps the job jar staged at {@code stagedPath}: jars staged by content
   * ({@code .../jars/SHA256.jar}) once per content for all jobs, others once per job.
   */
  public Path jobJar(String jobId, String stagedPath) {
    String name = stagedPath.substring(stagedPath.lastIndexOf('/') + 1);
    if (CONTENT_NAMED_JAR.matcher(name).matches()) {
      return root.resolve("jars").resolve(name);
    }
    // In the worker's own directory, never in the job's (its task user could plant a link
    // where the worker writes the copy).
    return root.resolve("jars").resolve(jobId + ".jar");
  }

  /** Whether {@code jar} is one of the jars cached by content for all jobs. */
  public static boolean isContentNamed(Path jar) {
    return CONTENT_NAMED_JAR.matcher(jar.getFileName().toString()).matches();
  }

  private static final java.util.regex.Pattern CONTENT_NAMED_JAR = java.util.regex.Pattern.compile("[0-9a-f]{64}\\.jar");

  /** The directory of a map attempt's {@code file.out} and index, or a reduce's merge files. */
  public Path attempt(String jobId, String attemptId) {
    return job(jobId).resolve(attemptId);
  }

  /** The job's log directory: its attempts' and child JVMs' stdout and stderr. */
  public Path jobLogs(String jobId) {
    return logs.resolve(jobId);
  }

  /**
   * Where child JVMs' own stdout and stderr go, whatever job they serve: the worker's directory,
   * not the job's, since the worker opens these files before the child runs as the job's user.
   */
  public Path childStreams() {
    return logs.resolve("_children");
  }

  /**
   * Deletes what a killed earlier run of this worker left of its jobs: the master re-ran their
   * maps when that run's registration vanished, so nothing will fetch them, and their task user
   * ids may be handed to other jobs. Logs stay, for {@code quern job -logs}.
   */
  public void deleteJobsOfEarlierRun() throws IOException {
    deleteTree(root.resolve("jobs"));
  }

  public static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
