package io.quern.mapreduce.client;

import io.quern.conf.Configuration;
import io.quern.conf.UserName;
import io.quern.fs.DfsKeys;
import io.quern.fs.FileStatus;
import io.quern.fs.FileSystem;
import io.quern.fs.LocalFileSystem;
import io.quern.fs.Path;
import io.quern.fs.permission.FsPermission;
import io.quern.mapreduce.MRJobConfig;
import io.quern.mapreduce.MapredKeys;
import io.quern.util.Sha256;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.UUID;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The submitting user's staging directory, {@code ROOT/USER} under
 * {@value MRJobConfig#STAGING_DIR}, where the job jar and the job's files go. Whatever sits there
 * runs as the user, so it must be the user's alone, as Hadoop's
 * {@code JobSubmissionFiles.getStagingDir} requires: owned by the user and mode 0700 (made so
 * when missing or wider; refused when another user owns it). Users share the root, which is
 * made 1777 when missing so that each may add a directory and none may delete or replace
 * another's.
 *
 * <p>On the local file system the checks are skipped: Quern's local file system neither reports
 * nor sets owners and modes, and a local staging root serves one host's own processes.
 */
public final class StagingArea {
  private static final Logger LOG = LogManager.getLogger(StagingArea.class);

  static final FsPermission ROOT_MODE = new FsPermission((short) 01777);
  static final FsPermission USER_MODE = new FsPermission((short) 0700);

  private final Configuration conf;
  private final FileSystem fs;
  private final String user;
  private final String root;
  private final String dir;

  private StagingArea(Configuration conf, FileSystem fs, String user, String root) {
    this.conf = conf;
    this.fs = fs;
    this.user = user;
    this.root = root;
    this.dir = root + "/" + user;
  }

  /** The staging area of {@code user}, reached as that user. */
  public static StagingArea of(Configuration jobConf, String user) throws IOException {
    String root = MapredKeys.STAGING_DIR.get(jobConf);
    Configuration asUser = new Configuration(jobConf);
    asUser.set(UserName.KEY, user);
    return new StagingArea(asUser, FileSystem.get(new Path(root).toUri(), asUser), user, root);
  }

  /** The user's staging directory, {@code ROOT/USER}. */
  public String dir() {
    return dir;
  }

  /** Makes sure the root and the user's directory exist and are as the class comment says. */
  public void prepare() throws IOException {
    if (fs instanceof LocalFileSystem) {
      fs.mkdirs(new Path(dir));
      return;
    }
    Path userPath = new Path(dir);
    FileStatus own = status(userPath);
    if (own != null) {
      // The usual case, one NameNode call: the directory made by an earlier submission. The root's
      // mode was checked when it was made; a user directory refused here is refused either way.
      checkOwnDirectory(own);
      return;
    }
    Path rootPath = new Path(root);
    FileStatus rootStatus = status(rootPath);
    if (rootStatus == null) {
      fs.mkdirs(rootPath);
      rootStatus = fs.getFileStatus(rootPath);
      // Another user may have made it first: then its mode is theirs to set.
      if (rootStatus.getOwner().equals(user) && !rootStatus.getPermission().equals(ROOT_MODE)) {
        fs.setPermission(rootPath, ROOT_MODE);
        rootStatus = fs.getFileStatus(rootPath);
      }
    }
    FsPermission rootMode = rootStatus.getPermission();
    if ((rootMode.toShort() & 02) != 0 && !rootMode.getStickyBit()) {
      LOG.warn("The staging root {} ({}) lets every user delete or rename other users' staging directories; "
          + "make it 1777 (quern fs -chmod 1777 {}).", root, rootMode, root);
    }
    fs.mkdirs(userPath);
    checkOwnDirectory(fs.getFileStatus(userPath));
  }

  private void checkOwnDirectory(FileStatus st) throws IOException {
    if (!st.isDirectory()) {
      throw new IOException("The staging directory " + dir + " is a file, not a directory; the job is refused.");
    }
    if (!st.getOwner().equals(user)) {
      throw new IOException("The staging directory " + dir + " is owned by " + st.getOwner() + ", not by "
          + user + " who submits the job; the job is refused.");
    }
    if (!st.getPermission().equals(USER_MODE)) {
      LOG.info("The staging directory {} has mode {}; setting it to {} so that only {} may use it",
          dir, st.getPermission(), USER_MODE, user);
      fs.setPermission(new Path(dir), USER_MODE);
    }
  }

  private FileStatus status(Path p) throws IOException {
    try {
      return fs.getFileStatus(p);
    } catch (FileNotFoundException e) {
      return null;
    }
  }

  /**
   * What {@link #lookUpJar} found: the jar's content name, its size, and whether the copy staged
   * under that name is that content ({@code wrong} null), missing ({@code staged} null), or
   * something else ({@code wrong} says what).
   */
  record JarLookup(java.nio.file.Path local, long size, String sha, String target, FileStatus staged, String wrong) {
    boolean reusable() {
      return staged != null && wrong == null;
    }
  }

  /**
   * Looks for a job jar's staged copy, named by its SHA-256 under {@code jars/}, and reads it
   * back and hashes it if there is one: anything running as the user (a task of an earlier job)
   * may have written it. Only reads, so it may run while the job's input and output are checked.
   */
  JarLookup lookUpJar(java.nio.file.Path local) throws IOException {
    String sha;
    try (InputStream in = Files.newInputStream(local)) {
      sha = Sha256.hex(in);
    }
    long size = Files.size(local);
    String target = dir + "/" + ClusterJobRunner.JAR_CACHE_DIR + "/" + sha + ".jar";
    FileStatus staged = status(new Path(target));
    return new JarLookup(local, size, sha, target, staged, staged == null ? null : difference(staged, size, sha));
  }

  /**
   * Stages a job jar where workers fetch it, as {@link #lookUpJar} named it: a jar submitted
   * again (the same program run job after job) is uploaded once, and workers keep one copy per
   * content. A staged copy is reused only if the lookup found it to be that content.
   */
  String stageJar(JarLookup found) throws IOException {
    String target = found.target();
    if (found.reusable()) {
      return target;
    }
    java.nio.file.Path local = found.local();
    Path targetPath = new Path(target);
    if (found.staged() != null) {
      LOG.warn("The staged job jar {} {}; staging {} again", target, found.wrong(), local);
    }
    // Written aside and renamed, so that a concurrent submission never reads half a jar.
    Path tmp = new Path(target + "." + UUID.randomUUID() + ".tmp");
    try (InputStream in = Files.newInputStream(local); OutputStream out = fs.create(tmp, true, 4096,
        stagedReplication(),
        DfsKeys.BLOCK_SIZE.getBytes(conf))) {
      in.transferTo(out);
    }
    if (found.staged() != null) {
      // A rename does not replace an existing file.
      fs.delete(targetPath, false);
    }
    if (!fs.rename(tmp, targetPath)) {
      fs.delete(tmp, false);
      // A concurrent submission of the same jar staged it meanwhile.
      FileStatus now = status(targetPath);
      if (now == null || difference(now, found.size(), found.sha()) != null) {
        throw new IOException("cannot stage the job jar " + local + " as " + target);
      }
    }
    return target;
  }

  /**
   * Where a job's local cache files go ({@link io.quern.mapreduce.filecache.JobCacheFiles}):
   * under the job's own directory, {@code ROOT/USER/JOB/KIND/NAME} ({@code KIND} files,
   * archives or libjars), which the master deletes when the job ends.
   */
  JobUploads uploadsFor(String jobId) {
    return new JobUploads(new Path(dir + "/" + jobId));
  }

  /** Deletes what was staged for a job that could not be submitted; a failure only leaves it behind. */
  void deleteJob(String jobId) {
    try {
      fs.delete(new Path(dir + "/" + jobId), true);
    } catch (IOException e) {
      LOG.warn("cannot delete {}/{} staged for a job that was not submitted: {}", dir, jobId, e.toString());
    }
  }

  /** Uploads of one job's files, each under its own name (a second file of that name goes in a folder of its own). */
  final class JobUploads {
    private final Path jobDir;
    /** Confined: one job's uploads run on its submitting thread. Not thread-safe. */
    private final java.util.Set<String> used = new java.util.HashSet<>();

    private JobUploads(Path jobDir) {
      this.jobDir = jobDir;
    }

    /**
     * Copies a local file into the job's directory and returns its qualified URI. Its execute bit
     * travels as the staged copy's mode: 0700 when the local file may be executed, else 0600.
     */
    java.net.URI upload(java.nio.file.Path local, String kind) throws IOException {
      String name = local.getFileName().toString();
      String rel = kind + "/" + name;
      for (int n = 1; !used.add(rel); n++) {
        rel = kind + "/" + n + "/" + name;
      }
      Path target = new Path(jobDir, rel);
      boolean executable = Files.isExecutable(local);
      if (fs instanceof LocalFileSystem) {
        java.nio.file.Path t = java.nio.file.Path.of(target.toUri().getPath());
        Files.createDirectories(t.getParent());
        Files.copy(local, t, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        t.toFile().setExecutable(executable, true);
      } else {
        try (InputStream in = Files.newInputStream(local); OutputStream out = fs.create(target, true, 4096,
            stagedReplication(),
            DfsKeys.BLOCK_SIZE.getBytes(conf))) {
          in.transferTo(out);
        }
        fs.setPermission(target, new FsPermission((short) (executable ? 0700 : 0600)));
      }
      return fs.makeQualified(target).toUri();
    }
  }

  /** How a staged jar differs from the content its name says, or null when it is that content. */
  private String difference(FileStatus staged, long length, String sha) throws IOException {
    if (staged.getLen() != length) {
      return "has " + staged.getLen() + " bytes, not the " + length + " of the jar its name says";
    }
    String actual;
    try (InputStream in = fs.open(staged.getPath())) {
      actual = Sha256.hex(in);
    } catch (IOException e) {
      // A cached copy that cannot be read (its replicas lost) is staged again, not a failed job.
      return "cannot be read (" + e.getMessage() + ")";
    }
    return actual.equals(sha) ? null : "does not hash to its name (SHA-256 " + actual + ")";
  }

  /**
   * Replication of a job's staged files (Hadoop's key): not the job's {@code dfs.replication},
   * which a job lowers for its output (terasort writes it at 1); a lost staged jar fails the job.
   */
  private short stagedReplication() {
    return (short) MapredKeys.SUBMIT_FILE_REPLICATION.getInt(conf);
  }
}
