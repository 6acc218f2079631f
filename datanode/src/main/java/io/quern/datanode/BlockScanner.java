package io.quern.datanode;

import java.io.IOException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Re-verifies every finalized replica's checksums, one pass per period, and reports corrupt
 * ones so that the NameNode replaces them. Runs on the DataNode's scheduler thread.
 */
final class BlockScanner implements Runnable {
  private static final Logger LOG = LogManager.getLogger(BlockScanner.class);

  private final BlockStore store;
  /** Thread-safe (its own monitor). */
  private final ReportQueue reports;

  BlockScanner(BlockStore store, ReportQueue reports) {
    this.store = store;
    this.reports = reports;
  }

  /** One pass; returns the number of corrupt replicas found. */
  int scanOnce() {
    int bad = 0;
    for (long id : store.finalizedIds()) {
      try {
        if (!store.verify(id)) {
          bad++;
          LOG.warn("Block scanner: replica blk_{} is corrupt; reporting it so the NameNode replaces it", id);
          reports.corrupt(id);
        }
      } catch (IOException e) {
        // Deleted between listing and reading, most likely.
        LOG.debug("Block scanner skipped blk_{}: {}", id, e.getMessage());
      }
    }
    reports.flush();
    return bad;
  }

  @Override
  public void run() {
    scanOnce();
  }
}
