package io.quern.master;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quern.mapreduce.SplitInfo;
import io.quern.protocol.mapred.JobSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stored form of a job spec reads back field by field. */
class JobSpecCodecTest {
  @Test
  void aSpecSurvivesTheRoundTrip() throws Exception {
    JobSpec spec = new JobSpec("job_x_0007", "name", "user", 3, new byte[] {1, 2, 3}, null, "/staging/job_x_0007",
        List.of(new SplitInfo(0, "S", new byte[] {9}, 100, List.of("h1", "h2")),
            new SplitInfo(1, "S", new byte[0], 0, List.of())), 2);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JobSpecCodec.write(spec, out);
    JobSpec back = JobSpecCodec.read(new ByteArrayInputStream(out.toByteArray()));
    assertEquals(spec.jobId(), back.jobId());
    assertEquals(spec.priority(), back.priority());
    assertArrayEquals(spec.confXml(), back.confXml());
    assertEquals(null, back.jarPath());
    assertEquals(spec.numReduces(), back.numReduces());
    assertEquals(List.of("h1", "h2"), back.splits().get(0).hosts());
    assertArrayEquals(new byte[] {9}, back.splits().get(0).split());
    assertEquals(2, back.splits().size());
  }

  @Test
  void theCredentialsSurviveAndASpecOfVersionOneStillReads() throws Exception {
    byte[] credentials = {'H', 'D', 'T', 'S', 0, 0, 1, 1, 'k', 1, 'v'};
    JobSpec spec = new JobSpec("job_x_0008", "n", "u", 0, new byte[] {5}, "/j", "/s", List.of(), 1, credentials);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JobSpecCodec.write(spec, out);
    assertArrayEquals(credentials, JobSpecCodec.read(new ByteArrayInputStream(out.toByteArray())).credentials());
    assertEquals("JobSpec[job_x_0008 n of u, 0 splits, 1 reduces]", spec.toString(), "no secret in its string");

    // A version 1 spec (written before credentials) is the same layout without the last field.
    ByteArrayOutputStream v2 = new ByteArrayOutputStream();
    JobSpecCodec.write(new JobSpec("job_x_0009", "n", "u", 0, new byte[] {5}, "/j", "/s", List.of(), 1), v2);
    byte[] v1 = java.util.Arrays.copyOf(v2.toByteArray(), v2.size() - 4);
    v1[3] = 1;
    JobSpec old = JobSpecCodec.read(new ByteArrayInputStream(v1));
    assertEquals("job_x_0009", old.jobId());
    assertArrayEquals(new byte[0], old.credentials());
  }

  @Test
  void aTruncatedSpecIsRejected() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JobSpecCodec.write(new JobSpec("job_x_0001", "n", "u", 0, new byte[10], "/j", "/s", List.of(), 1), out);
    byte[] cut = java.util.Arrays.copyOf(out.toByteArray(), 20);
    assertThrows(IOException.class, () -> JobSpecCodec.read(new ByteArrayInputStream(cut)));
  }
}
