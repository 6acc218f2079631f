package io.quern.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quern.mapreduce.TaskKind;
import io.quern.protocol.mapred.JobConfUnknownException;
import io.quern.protocol.mapred.TaskLaunch;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReceivedJobConfsTest {
  private static TaskLaunch launch(String job, int map) {
    return new TaskLaunch(1, job, "attempt_" + job.substring(4) + "_m_00000" + map + "_0", TaskKind.MAP, map, null, 10,
        0, null, "/jar", "me", null, List.of());
  }

  @Test
  void launchesGetTheConfigurationSentBeforeForTheirJob() throws Exception {
    ReceivedJobConfs confs = new ReceivedJobConfs(8);
    byte[] a = {1, 2, 3};
    List<TaskLaunch> first = confs.complete(List.of(launch("job_t_0001", 0)), Map.of("job_t_0001", a));
    assertArrayEquals(a, first.get(0).jobConf());
    List<TaskLaunch> later = confs.complete(List.of(launch("job_t_0001", 1)), Map.of());
    assertArrayEquals(a, later.get(0).jobConf());
    // A job sent without a configuration: its launches keep none.
    assertNull(confs.complete(List.of(launch("job_t_0002", 0)), Map.of("job_t_0002", new byte[0])).get(0).jobConf());
    assertNull(confs.complete(List.of(launch("job_t_0002", 1)), Map.of()).get(0).jobConf());
  }

  @Test
  void aJobNeverSentOrForgottenIsRefusedForTheWholeCall() throws Exception {
    ReceivedJobConfs confs = new ReceivedJobConfs(1);
    confs.complete(List.of(launch("job_t_0001", 0)), Map.of("job_t_0001", new byte[] {1}));
    JobConfUnknownException e = assertThrows(JobConfUnknownException.class,
        () -> confs.complete(List.of(launch("job_t_0001", 1), launch("job_t_0003", 0)), Map.of()));
    assertEquals("job_t_0003", e.jobId());
    confs.forget("job_t_0001");
    assertThrows(JobConfUnknownException.class, () -> confs.complete(List.of(launch("job_t_0001", 2)), Map.of()));
    // Past its bound it forgets the least recently used job.
    confs.complete(List.of(launch("job_t_0001", 3)), Map.of("job_t_0001", new byte[] {1}));
    confs.complete(List.of(launch("job_t_0002", 0)), Map.of("job_t_0002", new byte[] {2}));
    assertEquals(1, confs.size());
    assertThrows(JobConfUnknownException.class, () -> confs.complete(List.of(launch("job_t_0001", 4)), Map.of()));
  }
}
