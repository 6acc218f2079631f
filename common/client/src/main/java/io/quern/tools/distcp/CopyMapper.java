package io.quern.tools.distcp;

import io.quern.conf.Configuration;
import io.quern.fs.FSDataInputStream;
import io.quern.fs.FSDataOutputStream;
import io.quern.fs.FileStatus;
import io.quern.fs.FileSystem;
import io.quern.fs.Path;
import io.quern.io.LongWritable;
import io.quern.io.NullWritable;
import io.quern.io.Text;
import io.quern.mapreduce.Mapper;
import java.io.IOException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A distcp map: copies the entries of its share of the copy list. A file is written under the
 * job's temporary directory (named by the attempt) and renamed into place once complete, so a
 * killed or failed attempt never leaves a partial file at a target; the client removes the
 * temporary directory when the job ends.
 */
public class CopyMapper extends Mapper<LongWritable, Text, NullWritable, NullWritable> {
  private static final Logger LOG = LogManager.getLogger(CopyMapper.class);
  private static final int BUFFER = 64 * 1024;

  /** Confined: a mapper runs on its task's one thread (Mapper contract); so do the fields below. */
  private Configuration conf;
  private CopyDecision.Mode mode;
  private boolean ignoreFailures;
  private Path tmpDir;
  private int copied;

  @Override
  protected void setup(Context context) {
    conf = context.getConfiguration();
    mode = CopyDecision.Mode.valueOf(DistCpKeys.COPY_MODE.get(conf));
    ignoreFailures = DistCpKeys.IGNORE_READ_FAILURES.getBoolean(conf);
    String tmp = conf.get(DistCp.TMP_DIR_KEY);
    if (tmp == null) {
      throw new IllegalStateException(DistCp.TMP_DIR_KEY + " is not set: the job was not made by distcp");
    }
    tmpDir = new Path(new Path(tmp), context.getTaskAttemptID().toString());
  }

  @Override
  protected void map(LongWritable offset, Text line, Context context) throws IOException, InterruptedException {
    CopyEntry entry = CopyEntry.parse(line.toString());
    try {
      if (entry.directory()) {
        makeDirectory(entry.target());
      } else {
        copyFile(entry, context);
      }
    } catch (IOException e) {
      if (!ignoreFailures) {
        throw e;
      }
      LOG.warn("Could not copy {} to {}: {}", entry.source(), entry.target(), e.getMessage());
      context.getCounter(DistCp.Counter.FAIL).increment(1);
    }
  }

  private void makeDirectory(Path target) throws IOException {
    FileSystem fs = target.getFileSystem(conf);
    FileStatus existing = CopyListing.statusOrNull(fs, target);
    if (existing != null && !existing.isDirectory()) {
      throw new IOException("cannot make the directory " + target + ": a file of that name exists");
    }
    if (existing == null && !fs.mkdirs(target)) {
      throw new IOException("cannot make the directory " + target);
    }
  }

  private void copyFile(CopyEntry entry, Context context) throws IOException {
    FileSystem dstFs = entry.target().getFileSystem(conf);
    FileStatus existing = CopyListing.statusOrNull(dstFs, entry.target());
    if (!CopyDecision.shouldCopy(entry.length(), existing, mode)) {
      context.getCounter(DistCp.Counter.SKIP).increment(1);
      return;
    }
    if (existing != null && existing.isDirectory()) {
      throw new IOException("cannot copy the file " + entry.source() + " onto the directory " + entry.target());
    }
    context.setStatus("copying " + entry.source() + " (" + entry.length() + " bytes)");
    Path tmp = new Path(tmpDir, "f" + copied++);
    FileSystem srcFs = entry.source().getFileSystem(conf);
    try {
      long n = 0;
      dstFs.mkdirs(tmpDir);
      try (FSDataInputStream in = srcFs.open(entry.source());
          FSDataOutputStream out = dstFs.create(tmp, true)) {
        byte[] buf = new byte[BUFFER];
        for (int r; (r = in.read(buf)) > 0; ) {
          out.write(buf, 0, r);
          n += r;
          context.getCounter(DistCp.Counter.BYTESCOPIED).increment(r);
          context.progress();
        }
      }
      if (n != entry.length()) {
        throw new IOException(entry.source() + " changed while being copied: " + n + " bytes read, "
            + entry.length() + " listed");
      }
      Path parent = entry.target().getParent();
      if (parent != null && !dstFs.exists(parent) && !dstFs.mkdirs(parent)) {
        throw new IOException("cannot make the directory " + parent);
      }
      if (existing != null && !dstFs.delete(entry.target(), false)) {
        throw new IOException("cannot replace " + entry.target());
      }
      if (!dstFs.rename(tmp, entry.target())) {
        throw new IOException("cannot rename the copy of " + entry.source() + " to " + entry.target());
      }
    } finally {
      if (dstFs.exists(tmp)) {
        dstFs.delete(tmp, false);
      }
    }
    context.getCounter(DistCp.Counter.COPY).increment(1);
    context.getCounter(DistCp.Counter.BYTESEXPECTED).increment(entry.length());
  }
}
