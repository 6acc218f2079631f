package io.quern.master;

import io.quern.cluster.Coordination;
import io.quern.cluster.NodeInfo;
import io.quern.cluster.Role;
import io.quern.mapreduce.CountersSnapshot;
import io.quern.mapreduce.TaskKind;
import io.quern.net.HostPort;
import io.quern.protocol.mapred.AttemptStatus;
import io.quern.protocol.mapred.TaskLaunch;
import io.quern.protocol.mapred.TaskLaunchProtocol;
import java.io.FileNotFoundException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A worker that masters reach in-process (their {@link CommandDispatcher.WorkerStubs} return
 * it): registered like a real one, it records the commands it gets and runs nothing; the test
 * plays its attempts' reports.
 */
final class InProcessWorker implements TaskLaunchProtocol {
  final String id;
  final HostPort endpoint;
  final String shuffleEndpoint;
  final List<TaskLaunch> launches = new CopyOnWriteArrayList<>();
  final List<String> kills = new CopyOnWriteArrayList<>();
  final List<String> jobsFinished = new CopyOnWriteArrayList<>();

  InProcessWorker(String id, HostPort endpoint) {
    this.id = id;
    this.endpoint = endpoint;
    this.shuffleEndpoint = endpoint.host() + ":9030";
  }

  /** Registers with {@code slots} map slots and one reduce slot, as a worker daemon does. */
  void register(Coordination session, int slots) throws Exception {
    session.membership().register(new NodeInfo(id, Role.WORKER, endpoint, "/default-rack",
        Map.of(io.quern.cluster.NodeAttributes.MAP_SLOTS, Integer.toString(slots), io.quern.cluster.NodeAttributes.REDUCE_SLOTS, "1")));
  }

  /** The stub for the dispatcher: this worker at its endpoint, no other. */
  TaskLaunchProtocol lookup(String at) throws java.rmi.NotBoundException {
    if (!at.equals(endpoint.toString())) {
      throw new java.rmi.NotBoundException("no worker at " + at);
    }
    return this;
  }

  List<TaskLaunch> launched(TaskKind kind, long epoch) {
    return launches.stream().filter(l -> l.kind() == kind && l.epoch() == epoch).toList();
  }

  /** What the attempt's child reports when it finished. */
  AttemptStatus succeeded(TaskLaunch l) {
    return new AttemptStatus(l.epoch(), l.attemptId(), id, 1f, "done", CountersSnapshot.EMPTY,
        l.kind() == TaskKind.MAP ? shuffleEndpoint : null);
  }

  /** The job configurations the master sent, as a worker keeps them. */
  private final java.util.Map<String, byte[]> confs = new java.util.concurrent.ConcurrentHashMap<>();

  @Override
  public void launch(List<TaskLaunch> all, java.util.Map<String, byte[]> jobConfs)
      throws io.quern.protocol.mapred.JobConfUnknownException {
    confs.putAll(jobConfs);
    for (TaskLaunch l : all) {
      if (!confs.containsKey(l.jobId())) {
        throw new io.quern.protocol.mapred.JobConfUnknownException(l.jobId());
      }
    }
    for (TaskLaunch l : all) {
      byte[] conf = confs.get(l.jobId());
      launches.add(l.withJobConf(conf.length == 0 ? null : conf));
    }
  }

  @Override
  public void kill(long epoch, String attemptId) {
    kills.add(attemptId + "@" + epoch);
  }

  @Override
  public void jobFinished(long epoch, String jobId) {
    jobsFinished.add(jobId + "@" + epoch);
  }

  @Override
  public byte[] readLog(String attemptId, String stream, long offset, int maxBytes) throws FileNotFoundException {
    throw new FileNotFoundException("an in-process worker keeps no logs (" + attemptId + ")");
  }
}
