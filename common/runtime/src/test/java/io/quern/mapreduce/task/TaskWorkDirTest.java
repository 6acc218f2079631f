package io.quern.mapreduce.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.mapreduce.MRJobConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskWorkDirTest {
  @TempDir
  Path dir;

  @Test
  void aShippedFileIsFetchedOncePerJobAndEveryAttemptGetsItInItsWorkingDirectory() throws Exception {
    Path staged = dir.resolve("staging/evaluate.py");
    Files.createDirectories(staged.getParent());
    byte[] program = "print('score')\n".getBytes(StandardCharsets.UTF_8);
    Files.write(staged, program);
    Files.setPosixFilePermissions(staged, PosixFilePermissions.fromString("rwx------"));
    Configuration conf = new Configuration(false);
    conf.set(MRJobConfig.CACHE_FILES, staged.toUri().toString());
    Path job = dir.resolve("jobs/job_1");

    Path first = TaskWorkDir.prepare(new Configuration(conf), job.resolve("attempt_1_m_000000_0"));
    // The staged copy goes away: a later attempt on this host is served from the job's copy.
    Files.delete(staged);
    Configuration second = new Configuration(conf);
    Path work = TaskWorkDir.prepare(second, job.resolve("attempt_1_m_000001_0"));

    assertEquals(work.toString(), second.get(MRJobConfig.TASK_WORK_DIR));
    for (Path w : new Path[] {first, work}) {
      Path placed = w.resolve("evaluate.py");
      assertArrayEquals(program, Files.readAllBytes(placed));
      assertTrue(Files.isExecutable(placed), "the execute bit travels with the file");
    }
    Path cached = job.resolve(TaskWorkDir.CACHE_DIR).resolve("evaluate.py");
    assertEquals("r-x------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cached)),
        "attempts share the job's copy: read-only");
    try (var left = Files.list(job.resolve(TaskWorkDir.CACHE_DIR))) {
      assertEquals(1, left.count(), "no partial download left beside it");
    }
  }

  @Test
  void anArchiveIsUnpackedOncePerJobAndEveryAttemptSeesItsDirectoryUnderItsName() throws Exception {
    Path zip = dir.resolve("staging/tools.zip");
    Files.createDirectories(zip.getParent());
    try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
      out.putNextEntry(new java.util.zip.ZipEntry("conf/words.txt"));
      out.write("apple\n".getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    Path note = Files.writeString(dir.resolve("staging/note.txt"), "hello\n");
    Configuration conf = new Configuration(false);
    conf.set(MRJobConfig.CACHE_ARCHIVES, zip.toUri() + "#t");
    conf.set(MRJobConfig.CACHE_ARCHIVES_SIZES, Long.toString(Files.size(zip)));
    conf.set(MRJobConfig.CACHE_ARCHIVES_TIMESTAMPS, Long.toString(Files.getLastModifiedTime(zip).toMillis()));
    conf.set(MRJobConfig.CACHE_FILES, note.toUri() + "#n");
    Path job = dir.resolve("jobs/job_2");

    Configuration first = new Configuration(conf);
    Path w1 = TaskWorkDir.prepare(first, job.resolve("attempt_2_m_000000_0"));
    Files.delete(zip);
    Path w2 = TaskWorkDir.prepare(new Configuration(conf), job.resolve("attempt_2_m_000001_0"));
    for (Path w : new Path[] {w1, w2}) {
      assertEquals("apple\n", Files.readString(w.resolve("t/conf/words.txt")));
      assertEquals("hello\n", Files.readString(w.resolve("n")));
    }
    Path unpacked = job.resolve(TaskWorkDir.CACHE_DIR).resolve("t");
    assertEquals(unpacked.toString(), first.get(MRJobConfig.CACHE_LOCAL_ARCHIVES));
    assertEquals(job.resolve(TaskWorkDir.CACHE_DIR).resolve("n").toString(), first.get(MRJobConfig.CACHE_LOCAL_FILES));
    try (var left = Files.list(job.resolve(TaskWorkDir.CACHE_DIR))) {
      assertEquals(java.util.Set.of("t", "n"), left.map(p -> p.getFileName().toString())
          .collect(java.util.stream.Collectors.toSet()), "neither the fetched archive nor a partial one is left");
    }
  }

  @Test
  void aCacheFileChangedSinceTheSubmissionFailsTheTaskNamingIt() throws Exception {
    Path staged = Files.writeString(dir.resolve("skip.txt"), "the\n");
    Configuration conf = new Configuration(false);
    conf.set(MRJobConfig.CACHE_FILES, staged.toUri().toString());
    conf.set(MRJobConfig.CACHE_FILES_SIZES, "4");
    conf.set(MRJobConfig.CACHE_FILES_TIMESTAMPS, Long.toString(Files.getLastModifiedTime(staged).toMillis()));
    Files.writeString(staged, "the\na\n");
    java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
        () -> TaskWorkDir.prepare(conf, dir.resolve("jobs/job_3/attempt_3_m_000000_0")));
    assertTrue(e.getMessage().startsWith("the job's cache file " + staged + " changed after the job was submitted"),
        e.getMessage());
    assertFalse(Files.exists(dir.resolve("jobs/job_3/shipped-files/skip.txt")));
  }
}
