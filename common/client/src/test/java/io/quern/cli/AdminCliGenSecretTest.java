package io.quern.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quern.conf.Configuration;
import io.quern.security.SecretFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminCliGenSecretTest {
  @TempDir
  Path dir;

  @Test
  void adminGenSecretWritesOneAndNeverReplacesIt() throws Exception {
    Configuration conf = new Configuration(false);
    Path file = dir.resolve("gen/secret");
    conf.set(SecretFile.KEY, file.toString());
    assertEquals(0, io.quern.cli.AdminCli.run(conf, new String[] {"-gen-secret"}));
    byte[] first = SecretFile.load(file);
    assertEquals(1, io.quern.cli.AdminCli.run(conf, new String[] {"-gen-secret"}));
    assertArrayEquals(first, SecretFile.load(file));
  }
}
