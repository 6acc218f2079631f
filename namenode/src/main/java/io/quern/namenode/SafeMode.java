package io.quern.namenode;

import io.quern.protocol.dfs.SafeModeAction;
import io.quern.protocol.dfs.SafeModeException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Start-up and manual safe mode: no namespace change and no replication work while on. Start-up
 * safe mode ends once enough committed blocks have a reported replica. Guarded by
 * {@link Namespace#lock}, like the block manager it switches.
 */
final class SafeMode {
  private static final Logger LOG = LogManager.getLogger(SafeMode.class);

  private final BlockManager blocks;
  private final double threshold;
  /** Guarded by {@link Namespace#lock}. */
  private boolean startup = true;
  /** Guarded by {@link Namespace#lock}. */
  private boolean manual;

  SafeMode(BlockManager blocks, double threshold) {
    this.blocks = blocks;
    this.threshold = threshold;
    blocks.safeMode = true;
  }

  boolean on() {
    return startup || manual;
  }

  void checkWritable(String what) throws SafeModeException {
    if (on()) {
      throw new SafeModeException("Cannot " + what + ": the NameNode is in safe mode.", !manual);
    }
  }

  /** Leaves start-up safe mode once enough committed blocks have a replica. */
  void check() {
    if (!startup) {
      return;
    }
    long total = 0;
    long safe = 0;
    for (BlockInfo b : blocks.allBlocks()) {
      if (b.committed) {
        total++;
        if (!b.replicas.isEmpty()) {
          safe++;
        }
      }
    }
    if (total == 0 || safe >= Math.ceil(total * threshold)) {
      startup = false;
      blocks.safeMode = manual;
      LOG.info("Leaving start-up safe mode: {} of {} blocks have a reported replica", safe, total);
      if (!manual) {
        blocks.allBlocks().forEach(blocks::check);
      }
    }
  }

  /** Applies the action; returns whether safe mode is on afterwards. */
  boolean set(SafeModeAction action) {
    switch (action) {
      case ENTER -> manual = true;
      case LEAVE -> {
        manual = false;
        if (startup) {
          LOG.info("Safe mode left by an administrator before enough blocks were reported");
        }
        startup = false;
      }
      case GET -> { }
    }
    boolean on = on();
    if (blocks.safeMode && !on) {
      blocks.safeMode = false;
      blocks.allBlocks().forEach(blocks::check);
    }
    blocks.safeMode = on;
    return on;
  }
}
