package io.quern.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
