package io.quern.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.quern.conf.Configuration;
import io.quern.mapred.JobConf;
import org.junit.jupiter.api.Test;

class MRJobConfigTest {
  @Test
  void numMapsIsTheKeyTheOldApiSetsAndHasADefault() {
    JobConf conf = new JobConf();
    conf.setNumMapTasks(7);
    assertEquals(7, conf.getInt(MRJobConfig.NUM_MAPS, -1));
    assertEquals("2", new Configuration().get(MRJobConfig.NUM_MAPS), "declared in mapred-default.xml");
  }

  @Test
  void taskTimeoutIsTheKeyTheTimeoutIsReadFrom() {
    Configuration conf = new Configuration();
    conf.setLong(MRJobConfig.TASK_TIMEOUT, 0);
    conf.setLong(TaskTimeouts.OLD_KEY, 5000);
    assertEquals(0, TaskTimeouts.millis(conf, 600_000), "0 (never) set under TASK_TIMEOUT wins");
    conf.setLong(MRJobConfig.TASK_TIMEOUT, 1234);
    assertEquals(1234, TaskTimeouts.millis(conf, 600_000));
  }

  @Test
  void aJobContextIsAnMRJobConfig() throws Exception {
    Job job = Job.getInstance(new Configuration());
    MRJobConfig asConfig = job;
    assertSame(job, asConfig);
    assertEquals("mapreduce.job.name", ((JobContext) job).JOB_NAME);
  }

  @Test
  void anAttemptIdOutsideAnyJobRoundTrips() {
    TaskAttemptID id = new TaskAttemptID();
    assertEquals(id, TaskAttemptID.forName(id.toString()));
    assertEquals(TaskType.MAP, id.getTaskType());
  }
}
