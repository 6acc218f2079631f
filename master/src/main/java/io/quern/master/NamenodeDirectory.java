package io.quern.master;

import io.quern.cluster.MembershipListener;
import io.quern.cluster.NodeInfo;
import java.util.function.BooleanSupplier;

/**
 * Turns NameNode znode events into tracker events. It asks for the registrations again on each
 * event instead of following them one by one: a NameNode restarted quickly registers before
 * the znode of its killed process expires, and that expiry must not read as "gone".
 */
final class NamenodeDirectory implements MembershipListener {
  /** Thread-safe (calls are queued for its thread). */
  private final MasterLoop loop;
  /** Thread-safe (reads the session's membership); called on the membership event's thread, never the loop. */
  private final BooleanSupplier registered;

  NamenodeDirectory(MasterLoop loop, BooleanSupplier registered) {
    this.loop = loop;
    this.registered = registered;
  }

  @Override
  public void joined(NodeInfo node) {
    changed();
  }

  @Override
  public void updated(NodeInfo node) {
    changed();
  }

  @Override
  public void left(NodeInfo node) {
    changed();
  }

  private void changed() {
    boolean now = registered.getAsBoolean();
    loop.call(t -> {
      t.namenodeRegistered(now);
      return null;
    }).exceptionally(e -> WorkerDirectory.ignoreWhenNotLeading(e, "NameNode event"));
  }
}
