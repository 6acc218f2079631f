package io.quern.mapreduce.lib;

import io.quern.conf.Configuration;
import io.quern.io.SequenceFile;
import io.quern.io.Writable;
import io.quern.io.LocalSeekableInput;
import io.quern.mapreduce.Job;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/** Local-runner jobs on the local disk, and readers of their output files, for the library tests. */
public final class LocalJobs {
  private LocalJobs() {}

  public static Configuration conf(Path dir) {
    Configuration conf = new Configuration();
    conf.set("mapreduce.framework.name", "local");
    conf.set("fs.defaultFS", "file:///");
    conf.set("mapred.local.dir", dir.resolve("local").toString());
    return conf;
  }

  public static Job job(Path dir, String name) throws IOException {
    return Job.getInstance(conf(dir), name);
  }

  public static io.quern.fs.Path path(Path p) {
    return new io.quern.fs.Path(p.toString());
  }

  /** Names of the files under {@code dir}, relative to it, sorted; directories are walked. */
  public static List<String> files(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
    }
  }

  /** Every line of the files whose relative names start with {@code prefix}. */
  public static List<String> lines(Path dir, String prefix) throws IOException {
    List<String> out = new ArrayList<>();
    for (String f : files(dir)) {
      if (f.startsWith(prefix)) {
        out.addAll(Files.readAllLines(dir.resolve(f)));
      }
    }
    return out;
  }

  /** Reads every record of a SequenceFile into fresh key and value objects. */
  public static <K extends Writable, V extends Writable> void readSequenceFile(Path file, Class<K> k, Class<V> v,
      BiConsumer<K, V> sink) throws IOException {
    try (SequenceFile.Reader r = new SequenceFile.Reader(new LocalSeekableInput(file))) {
      while (true) {
        K key = io.quern.util.ReflectionUtils.newInstance(k);
        V value = io.quern.util.ReflectionUtils.newInstance(v);
        if (!r.next(key, value)) {
          return;
        }
        sink.accept(key, value);
      }
    }
  }
}
