package io.quern.fs;

import io.quern.conf.Configuration;
import io.quern.conf.Configured;
import io.quern.util.Tool;
import io.quern.util.ToolRunner;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The client side of {@code bin/quern bench dfs}: each mode times only the DFS work (not JVM
 * start-up) and prints one line {@code <mode> <bytes-or-files> <seconds>} for the script to
 * turn into rates.
 *
 * <pre>
 *   write LOCAL DST     copy a local file into the DFS (replication from -D dfs.replication)
 *   read SRC            read a DFS file to nowhere (a fourth field: the bytes read short-circuit)
 *   creates DIR N SIZE THREADS   create N files of SIZE bytes, THREADS at a time, one client
 *   mkdirs DIR N        make N directories one after another, printing each once acknowledged
 * </pre>
 */
public final class DfsBench extends Configured implements Tool {

  public static void main(String[] args) throws Exception {
    int rc = ToolRunner.run(new Configuration(), new DfsBench(), args);
    FileSystem.closeAll();
    System.exit(rc);
  }

  @Override
  public int run(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("Usage: DfsBench write LOCAL DST | read SRC | creates DIR N SIZE THREADS");
      return 2;
    }
    FileSystem fs = FileSystem.get(getConf());
    switch (args[0]) {
      case "write" -> write(fs, java.nio.file.Path.of(args[1]), new Path(args[2]));
      case "read" -> read(fs, new Path(args[1]));
      case "mkdirs" -> mkdirs(fs, new Path(args[1]), Integer.parseInt(args[2]));
      case "creates" -> creates(fs, new Path(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
          Integer.parseInt(args[4]));
      default -> {
        System.err.println("DfsBench: unknown mode " + args[0]);
        return 2;
      }
    }
    return 0;
  }

  private static void write(FileSystem fs, java.nio.file.Path local, Path dst) throws Exception {
    byte[] buf = new byte[1 << 20];
    long start = System.nanoTime();
    long total = 0;
    try (InputStream in = Files.newInputStream(local); OutputStream out = fs.create(dst, true)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        out.write(buf, 0, n);
        total += n;
      }
    }
    report("write", total, start);
  }

  private static void read(FileSystem fs, Path src) throws Exception {
    byte[] buf = new byte[1 << 20];
    long start = System.nanoTime();
    long total = 0;
    try (InputStream in = fs.open(src)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        total += n;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    // A fourth field: the bytes that came short-circuit from a DataNode on this host.
    long local = fs instanceof DistributedFileSystem d ? d.getClient().readStatistics().getTotalShortCircuitBytesRead() : 0;
    System.out.printf("read %d %.4f %d%n", total, seconds, local);
  }

  /** Every file counts once its close() returned, i.e. the NameNode acknowledged it durably. */
  private static void creates(FileSystem fs, Path dir, int files, int size, int threads) throws Exception {
    fs.mkdirs(dir);
    byte[] data = new byte[size];
    new java.util.Random(1).nextBytes(data);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long start = System.nanoTime();
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < files; i++) {
        Path p = new Path(dir, "f" + i);
        done.add(pool.submit(() -> {
          try (OutputStream out = fs.create(p, true)) {
            out.write(data);
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    report("creates", files, start);
  }

  /** For restart tests: a line per directory the NameNode acknowledged, written as soon as it did. */
  private static void mkdirs(FileSystem fs, Path dir, int n) throws Exception {
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      Path p = new Path(dir, "d" + i);
      fs.mkdirs(p);
      System.out.println("acked " + p.toUri().getPath());
      System.out.flush();
    }
    report("mkdirs", n, start);
  }

  private static void report(String mode, long amount, long startNanos) {
    System.out.printf("%s %d %.4f%n", mode, amount, (System.nanoTime() - startNanos) / 1e9);
  }
}
