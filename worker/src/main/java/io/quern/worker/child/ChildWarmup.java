package io.quern.worker.child;

import io.quern.conf.Configuration;
import io.quern.fs.FileSystem;
import io.quern.fs.Path;
import io.quern.net.HostPort;
import io.quern.protocol.dfs.BlockTransferProtocol;
import io.quern.protocol.mapred.ChildUmbilicalProtocol;
import io.quern.rpc.SharedStubs;

/**
 * Readies a fresh child for its first attempt while it waits for one: loads the task runtime's
 * classes and rehearses a local job, and once it is bound to its job opens the (cached) DFS
 * client and looks up the worker's DataNode, authenticating to both with the job's token, and
 * leaves their stubs for the job's DFS clients. Without it a tiny job's first map spends seconds
 * on this. Best effort:
 * a failure here only leaves the work to the first attempt.
 */
final class ChildWarmup {
  private static final String[] CLASSES = {
    "io.quern.mapreduce.task.MapTask",
    "io.quern.mapreduce.task.ReduceTask",
    "io.quern.mapreduce.task.MapContextImpl",
    "io.quern.mapreduce.task.ReduceContextImpl",
    "io.quern.mapreduce.runtime.MapOutputBuffer",
    "io.quern.mapreduce.runtime.Merger",
    "io.quern.mapreduce.runtime.IFileWriter",
    "io.quern.mapreduce.runtime.IFileReader",
    "io.quern.mapreduce.lib.input.TextInputFormat",
    "io.quern.mapreduce.lib.input.LineRecordReader",
    "io.quern.mapreduce.lib.output.TextOutputFormat",
    "io.quern.mapreduce.lib.output.FileOutputCommitter",
    "io.quern.mapreduce.lib.partition.HashPartitioner",
    "io.quern.io.Text",
    "io.quern.io.IntWritable",
    "io.quern.io.LongWritable",
    "io.quern.worker.child.ShuffleFetcher",
  };

  private ChildWarmup() {}

  /**
   * In the background, loads the task runtime's classes and then rehearses a small local job
   * ({@link ChildDryRun}) in {@code scratch}: neither needs a credential, so a spare does it
   * while it waits for its job.
   */
  static void loadClasses(java.nio.file.Path scratch, boolean secure) {
    background("child-warmup-classes", () -> {
      ClassLoader loader = ChildWarmup.class.getClassLoader();
      for (String name : CLASSES) {
        try {
          Class.forName(name, true, loader);
        } catch (Throwable e) {
          // a class renamed or missing: nothing to warm
        }
      }
      warmCallPath();
      if (secure) {
        try {
          io.quern.security.HandshakeRehearsal.run();
        } catch (Throwable e) {
          // best effort: the first handshake with the worker pays instead
        }
      }
      try {
        if (!ChildDryRun.run(scratch)) {
          System.err.println("child rehearsal job failed (the first attempt runs cold)");
        }
      } catch (Throwable e) {
        System.err.println("child rehearsal failed (the first attempt runs cold): " + e);
      }
    });
  }

  /** What a child sends and receives over RMI: their serialization descriptors are built once per JVM. */
  private static final String[] WIRE_CLASSES = {
    "io.quern.protocol.mapred.TaskLaunch", "io.quern.protocol.mapred.AttemptStatus", "io.quern.mapreduce.CountersSnapshot",
    "io.quern.protocol.mapred.MapOutputEvent", "io.quern.protocol.mapred.ShuffleChunk", "io.quern.mapreduce.SplitInfo",
    "io.quern.protocol.dfs.CreateRequest", "io.quern.protocol.dfs.CreatedFile", "io.quern.protocol.dfs.AddBlockRequest",
    "io.quern.protocol.dfs.LocatedBlock", "io.quern.protocol.dfs.LocatedBlocks", "io.quern.protocol.dfs.DatanodeRef",
    "io.quern.protocol.dfs.DfsFileStatus", "io.quern.protocol.dfs.ReadChunk", "io.quern.protocol.dfs.WriteChunk",
    "io.quern.protocol.dfs.WriteAck", "io.quern.mapreduce.TaskKind", "io.quern.mapreduce.TaskState",
    "io.quern.protocol.dfs.LocalReadGrant",
  };

  /**
   * The first steps a bound child takes are a handshake (HMAC) and RMI calls carrying these
   * records; done once here, without any credential, they are not on the first attempt's path.
   */
  private static void warmCallPath() {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(new byte[32], "HmacSHA256"));
      mac.doFinal(new byte[64]);
    } catch (Throwable e) {
      // no HMAC here: the handshake will say so
    }
    ClassLoader loader = ChildWarmup.class.getClassLoader();
    for (String name : WIRE_CLASSES) {
      try {
        java.io.ObjectStreamClass.lookup(Class.forName(name, true, loader));
      } catch (Throwable e) {
        // renamed or not serializable any more: nothing to warm
      }
    }
    rmiRoundTrip();
    jobConfRoundTrip();
    localSocketClasses();
  }

  /** A short-circuit read opens a Unix domain socket and a selector: their classes, loaded once here. */
  private static void localSocketClasses() {
    try (java.nio.channels.SocketChannel ch = java.nio.channels.SocketChannel.open(java.net.StandardProtocolFamily.UNIX);
        java.nio.channels.Selector sel = java.nio.channels.Selector.open()) {
      ch.configureBlocking(false);
      ch.register(sel, java.nio.channels.SelectionKey.OP_READ);
      java.net.UnixDomainSocketAddress.of("warm-up");
    } catch (Throwable e) {
      // no Unix domain sockets here: the job reads over RPC anyway
    }
  }

  /**
   * The defaults through the binary form a launch carries its job's configuration in, so that
   * the job's first attempt reads its configuration with that code loaded and run once (in a
   * young JVM the first read costs several times the next).
   */
  private static void jobConfRoundTrip() {
    try {
      new Configuration(false).addBytes(new Configuration().toBytes(), "warm-up");
    } catch (Throwable e) {
      // best effort: the first attempt reads it cold
    }
  }

  /** Echoes a string back; only for {@link #rmiRoundTrip}. */
  public interface Echo extends java.rmi.Remote {
    String echo(String s) throws java.rmi.RemoteException;
  }

  /**
   * One RMI call to an object of this JVM over loopback (registry lookup, stub, distributed GC,
   * connection reuse): the code of the bound child's first calls to its worker, run once here.
   */
  private static void rmiRoundTrip() {
    Echo impl = s -> s;
    java.rmi.registry.Registry registry = null;
    try {
      Echo exported = (Echo) java.rmi.server.UnicastRemoteObject.exportObject(impl, 0,
          null, new LoopbackServerSockets());
      registry = java.rmi.registry.LocateRegistry.createRegistry(0, null, new LoopbackServerSockets());
      registry.rebind("echo", exported);
      int port = LoopbackServerSockets.lastPort;
      Echo stub = (Echo) java.rmi.registry.LocateRegistry.getRegistry("127.0.0.1", port).lookup("echo");
      stub.echo("warm");
    } catch (Throwable e) {
      // best effort: the first real call pays instead
    } finally {
      try {
        java.rmi.server.UnicastRemoteObject.unexportObject(impl, true);
        if (registry != null) {
          java.rmi.server.UnicastRemoteObject.unexportObject(registry, true);
        }
      } catch (Throwable ignored) {
        // not exported
      }
    }
  }

  /** Server sockets on loopback only, remembering the port of the last one (the registry's). */
  private static final class LoopbackServerSockets implements java.rmi.server.RMIServerSocketFactory {
    static volatile int lastPort;

    @Override
    public java.net.ServerSocket createServerSocket(int port) throws java.io.IOException {
      java.net.ServerSocket s = new java.net.ServerSocket(port, 50, java.net.InetAddress.getLoopbackAddress());
      lastPort = s.getLocalPort();
      return s;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof LoopbackServerSockets;
    }

    @Override
    public int hashCode() {
      return 1;
    }
  }

  /**
   * Opens the DFS client and looks up the worker's DataNode in the background; only once the
   * child holds its job's token. Both lookups land in {@link io.quern.rpc.SharedStubs}, where the
   * job's DFS clients find them, with their connections open and authenticated: as this job, the
   * only identity this JVM ever holds, so nothing here acts for anyone else.
   */
  static void warmFileSystem(Configuration conf, ChildUmbilicalProtocol worker) {
    background("child-warmup-fs", () -> warm(conf));
    background("child-warmup-datanode", () -> lookUpLocalDatanode(conf, worker));
  }

  /**
   * The lookup leaves two connections to the DataNode open in RMI's pool: the registry call's
   * and the distributed GC's, made with the stub's own socket factory, which the first
   * {@code requestLocalRead} then reuses instead of connecting and authenticating.
   */
  private static void lookUpLocalDatanode(Configuration conf, ChildUmbilicalProtocol worker) {
    try {
      String endpoint = worker.localDatanodeEndpoint();
      if (endpoint != null) {
        SharedStubs.lookup(conf, HostPort.parse(endpoint), BlockTransferProtocol.NAME, BlockTransferProtocol.class);
      }
    } catch (Throwable e) {
      // no DataNode on this host, or none reachable: the first read finds one itself
    }
  }

  private static void background(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.setPriority(Thread.MIN_PRIORITY);
    t.start();
  }

  private static void warm(Configuration workerConf) {
    // A private instance, closed after: a cached one would serve the job's attempts with the
    // worker's configuration instead of the job's (its dfs.replication, its short-circuit setting).
    // What warming leaves behind is what the job's own instance reuses: loaded classes, compiled
    // code, the NameNode's stub (shared by the process's DFS clients, whatever their settings)
    // and the RMI runtime's open connection to the NameNode.
    try (FileSystem fs = FileSystem.newInstance(new Configuration(workerConf))) {
      fs.exists(new Path("/"));
    } catch (Throwable e) {
      // no DFS reachable from here (local file system jobs, tests): the attempts do without
    }
  }
}
