package io.quern.mapred;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.fs.FileSystem;
import io.quern.fs.Path;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.lib.output.TextOutputFormat;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both APIs' file output formats refuse a job's output spec with Hadoop's exception types. */
class OutputSpecExceptionsTest {
  @TempDir
  java.nio.file.Path tmp;

  @Test
  void newApiNoOutputDirOrAnExistingOne() throws Exception {
    Configuration conf = new Configuration();
    conf.set("fs.defaultFS", "file:///");
    Job job = Job.getInstance(conf);
    TextOutputFormat<Object, Object> format = new TextOutputFormat<>();
    assertThrows(InvalidJobConfException.class, () -> format.checkOutputSpecs(job));
    Files.createDirectory(tmp.resolve("out"));
    io.quern.mapreduce.lib.output.FileOutputFormat.setOutputPath(job, new Path("file://" + tmp + "/out"));
    FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class, () -> format.checkOutputSpecs(job));
    assertTrue(e.getMessage().contains("already exists"), e.getMessage());
    assertTrue(e instanceof io.quern.fs.FileAlreadyExistsException, "one of the file system's too");
  }

  @Test
  void oldApiNoOutputDirOrAnExistingOne() throws Exception {
    JobConf job = new JobConf();
    job.set("fs.defaultFS", "file:///");
    io.quern.mapred.TextOutputFormat<Object, Object> format = new io.quern.mapred.TextOutputFormat<>();
    FileSystem fs = FileSystem.getLocal(job);
    assertThrows(InvalidJobConfException.class, () -> format.checkOutputSpecs(fs, job));
    Files.createDirectory(tmp.resolve("old"));
    FileOutputFormat.setOutputPath(job, new Path("file://" + tmp + "/old"));
    assertThrows(FileAlreadyExistsException.class, () -> format.checkOutputSpecs(fs, job));
  }
}
