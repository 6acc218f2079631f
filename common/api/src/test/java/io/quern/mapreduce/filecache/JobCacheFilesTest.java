package io.quern.mapreduce.filecache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.filecache.DistributedCache;
import io.quern.fs.Path;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.MRJobConfig;
import io.quern.util.GenericOptionsParser;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobCacheFilesTest {
  @TempDir
  java.nio.file.Path dir;

  /** Copies what it is given into "staged/KIND/", as the cluster runner does into the DFS. */
  final List<String> uploads = new ArrayList<>();

  URI upload(java.nio.file.Path local, String kind) throws IOException {
    java.nio.file.Path to = dir.resolve("staged").resolve(kind).resolve(local.getFileName());
    Files.createDirectories(to.getParent());
    Files.copy(local, to);
    uploads.add(kind + "/" + local.getFileName());
    return to.toUri();
  }

  @Test
  void optionsAndApiEntriesBecomeStagedCacheEntriesWithSizesAndTimes() throws Exception {
    java.nio.file.Path skip = Files.writeString(dir.resolve("patterns.txt"), "the\n");
    java.nio.file.Path jar = Files.write(dir.resolve("lib.jar"), new byte[] {1, 2, 3});
    java.nio.file.Path tgz = Files.write(dir.resolve("dict.tgz"), new byte[] {4, 5});
    // "In the DFS": a file of the default file system, here the local one.
    java.nio.file.Path shared = Files.writeString(dir.resolve("shared.txt"), "shared\n");
    Configuration conf = new Configuration(false);
    conf.set("fs.defaultFS", "file:///");
    new GenericOptionsParser(conf, new String[] {"-files", skip + "#skip", "-archives", tgz.toString()});
    GenericOptionsParser.addShipJars(conf, jar.toString());
    Job job = Job.getInstance(conf);
    job.addCacheFile(new URI(shared.toString() + "#s"));

    JobCacheFiles.resolve(job.getConfiguration(), this::upload);

    Configuration c = job.getConfiguration();
    String staged = dir.resolve("staged").toUri().getPath();
    assertEquals(List.of("files/patterns.txt", "libjars/lib.jar", "archives/dict.tgz"), uploads);
    assertArrayEquals(new URI[] {new URI("file:" + shared + "#s"), new URI("file:" + staged + "files/patterns.txt#skip"),
        new URI("file:" + staged + "libjars/lib.jar")}, job.getCacheFiles());
    assertArrayEquals(new URI[] {new URI("file:" + staged + "archives/dict.tgz")}, job.getCacheArchives());
    assertEquals("file:" + staged + "libjars/lib.jar", c.get(MRJobConfig.CLASSPATH_FILES));
    assertEquals("7,4,3", c.get(MRJobConfig.CACHE_FILES_SIZES));
    assertEquals("2", c.get(MRJobConfig.CACHE_ARCHIVES_SIZES));
    assertEquals(Files.getLastModifiedTime(shared).toMillis() + "," + Files.getLastModifiedTime(
        dir.resolve("staged/files/patterns.txt")).toMillis() + "," + Files.getLastModifiedTime(
        dir.resolve("staged/libjars/lib.jar")).toMillis(), c.get(MRJobConfig.CACHE_FILES_TIMESTAMPS));
  }

  @Test
  void aMissingCacheFileFailsTheSubmissionNamingItBeforeAnythingIsUploaded() throws Exception {
    java.nio.file.Path skip = Files.writeString(dir.resolve("patterns.txt"), "the\n");
    Configuration conf = new Configuration(false);
    conf.set("fs.defaultFS", "file:///");
    GenericOptionsParser.addShipFiles(conf, skip.toString());
    DistributedCache.addCacheFile(new URI(dir + "/gone.txt#g"), conf);
    FileNotFoundException e = assertThrows(FileNotFoundException.class, () -> JobCacheFiles.resolve(conf, this::upload));
    assertEquals("the job's cache file " + dir + "/gone.txt does not exist", e.getMessage());
    assertEquals(List.of(), uploads);

    Configuration local = new Configuration(false);
    DistributedCache.addCacheFile(dir.resolve("gone-too.txt").toUri(), local);
    FileNotFoundException l = assertThrows(FileNotFoundException.class, () -> JobCacheFiles.resolve(local, this::upload));
    assertEquals("the job's cache file " + dir + "/gone-too.txt does not exist", l.getMessage());
  }

  @Test
  void twoEntriesMayNotTakeOneNameAndArchivesMustBeArchives() throws Exception {
    java.nio.file.Path a = Files.writeString(dir.resolve("a.txt"), "a\n");
    java.nio.file.Path b = Files.writeString(dir.resolve("b.txt"), "b\n");
    Configuration conf = new Configuration(false);
    DistributedCache.addCacheFile(new URI(a.toUri() + "#x"), conf);
    DistributedCache.addCacheArchive(new URI(b.toUri() + "#x"), conf);
    IOException e = assertThrows(IOException.class, () -> JobCacheFiles.resolve(conf, this::upload));
    assertEquals("the job's cache entries " + a + " and " + b + " would both be 'x' in the task's working directory;"
        + " give one another name with #NAME", e.getMessage());

    Configuration archives = new Configuration(false);
    DistributedCache.addCacheArchive(b.toUri(), archives);
    IOException notArchive = assertThrows(IOException.class, () -> JobCacheFiles.resolve(archives, this::upload));
    assertEquals("cannot use " + b + " as an archive: its name ends in none of .zip, .jar, .tar, .tar.gz, .tgz",
        notArchive.getMessage());
    assertEquals(List.of(), uploads);
  }

  @Test
  void aFileOnTheClassPathIsShippedOnceAndStaysOnIt() throws Exception {
    java.nio.file.Path jar = Files.write(dir.resolve("lib.jar"), new byte[] {1});
    Configuration conf = new Configuration(false);
    Job job = Job.getInstance(conf);
    job.addFileToClassPath(new Path(jar.toUri().toString()));
    job.addCacheFile(jar.toUri());
    JobCacheFiles.resolve(job.getConfiguration(), this::upload);
    assertEquals(List.of("libjars/lib.jar"), uploads);
    URI staged = dir.resolve("staged/libjars/lib.jar").toUri();
    assertEquals(1, job.getCacheFiles().length);
    assertEquals(new Path(staged).toUri().getPath(), job.getCacheFiles()[0].getPath());
    assertEquals(1, job.getFileClassPaths().length);
    assertTrue(job.getConfiguration().get(MRJobConfig.CLASSPATH_FILES).endsWith("/staged/libjars/lib.jar"));
  }
}
