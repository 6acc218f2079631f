package io.quern.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.conf.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The GPUs a worker offers: from its settings, else from nvidia-smi on its PATH (a fake one here). */
class WorkerGpusTest {
  @TempDir
  Path bin;

  private void fakeNvidiaSmi(String body) throws Exception {
    Path smi = bin.resolve("nvidia-smi");
    Files.writeString(smi, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static Configuration conf(String... kv) {
    Configuration c = new Configuration(false);
    for (int i = 0; i < kv.length; i += 2) {
      c.set(kv[i], kv[i + 1]);
    }
    return c;
  }

  @Test
  void detectedFromTheDevicesNvidiaSmiListsWhenItIsOnThePath() throws Exception {
    fakeNvidiaSmi("[ \"$1\" = -L ] || exit 9\n"
        + "echo 'GPU 0: Fake (UUID: GPU-0000)'\necho 'GPU 1: Fake (UUID: GPU-0001)'\necho 'GPU 3: Fake (UUID: GPU-0003)'");
    assertEquals(List.of("0", "1", "3"), WorkerGpus.of(conf(), "/nonexistent:" + bin));
  }

  @Test
  void noneWithoutNvidiaSmiOrWhenItFails() throws Exception {
    assertEquals(List.of(), WorkerGpus.of(conf(), bin.toString()));
    fakeNvidiaSmi("echo 'NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver'; exit 9");
    assertEquals(List.of(), WorkerGpus.of(conf(), bin.toString()));
  }

  @Test
  void theSettingsWinOverDetection() throws Exception {
    fakeNvidiaSmi("echo 'GPU 0: Fake (UUID: GPU-0000)'");
    assertEquals(List.of("0", "1"), WorkerGpus.of(conf(WorkerGpus.GPUS_KEY, "2"), bin.toString()));
    assertEquals(List.of(), WorkerGpus.of(conf(WorkerGpus.GPUS_KEY, "0"), bin.toString()));
    assertEquals(List.of("2", "5"), WorkerGpus.of(conf(WorkerGpus.GPU_IDS_KEY, "2, 5"), bin.toString()));
    assertEquals(List.of("2", "5"),
        WorkerGpus.of(conf(WorkerGpus.GPU_IDS_KEY, "2,5", WorkerGpus.GPUS_KEY, "2"), bin.toString()));
  }

  @Test
  void badSettingsAreOneSentence() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> WorkerGpus.of(conf(WorkerGpus.GPU_IDS_KEY, "0,0"), null));
    assertTrue(e.getMessage().contains(WorkerGpus.GPU_IDS_KEY), e.getMessage());
    assertThrows(ConfigurationException.class, () -> WorkerGpus.of(conf(WorkerGpus.GPU_IDS_KEY, "0 1"), null));
    assertThrows(ConfigurationException.class, () -> WorkerGpus.of(conf(WorkerGpus.GPUS_KEY, "-1"), null));
    assertThrows(ConfigurationException.class,
        () -> WorkerGpus.of(conf(WorkerGpus.GPU_IDS_KEY, "0,1", WorkerGpus.GPUS_KEY, "3"), null));
  }
}
