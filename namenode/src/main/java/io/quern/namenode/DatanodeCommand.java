package io.quern.namenode;

import io.quern.protocol.dfs.DatanodeRef;
import java.util.List;

/** Work for a DataNode decided by the block manager; the NameNode daemon delivers it over RMI. */
public sealed interface DatanodeCommand {
  String datanodeId();

  record Replicate(String datanodeId, long blockId, List<DatanodeRef> targets) implements DatanodeCommand {}

  record Invalidate(String datanodeId, List<Long> blockIds) implements DatanodeCommand {}

  /** A DataNode registered again (its session had expired) without a full report: ask for one. */
  record SendFullReport(String datanodeId) implements DatanodeCommand {}
}
