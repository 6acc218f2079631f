package io.quern.datanode;

import io.quern.util.PrivatePaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * What a data directory holds when the DataNode starts: makes {@code current/} and {@code rbw/}
 * (private to the DataNode's user), deletes the replicas that were being written (their writers
 * have moved on) and lists the finalized ones. It is separate because it runs once, before
 * {@link BlockStore} serves anyone, and decides which replicas survive a crash; it returns them
 * and keeps no state.
 */
final class DataDirRecovery {
  private static final Logger LOG = LogManager.getLogger(DataDirRecovery.class);

  private DataDirRecovery() {}

  /** Prepares {@code dir} and returns its finalized replicas. */
  static List<Replica> recover(Path dir) throws IOException {
    PrivatePaths.privateDir(dir, "the DataNode's data directory");
    PrivatePaths.privateDir(dir.resolve("current"), "the DataNode's data directory");
    PrivatePaths.privateDir(dir.resolve("rbw"), "the DataNode's data directory");
    // Replicas being written when the process died are incomplete; their writers have moved on.
    try (Stream<Path> s = Files.list(dir.resolve("rbw"))) {
      for (Path p : s.toList()) {
        Files.deleteIfExists(p);
      }
    }
    List<Replica> found = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir.resolve("current"))) {
      for (Path p : s.toList()) {
        String n = p.getFileName().toString();
        if (n.startsWith("blk_") && !n.endsWith(".meta")) {
          try {
            long id = Long.parseLong(n.substring(4));
            found.add(new Replica(id, dir, true, Files.size(p)));
          } catch (NumberFormatException e) {
            LOG.warn("Ignoring unexpected file {} in the data directory", p);
          }
        }
      }
    }
    return found;
  }
}
