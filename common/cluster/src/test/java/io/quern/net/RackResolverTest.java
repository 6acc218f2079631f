package io.quern.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quern.conf.Configuration;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RackResolverTest {
  @TempDir Path dir;

  @Test
  void scriptWinsOverTable() throws Exception {
    Configuration conf = new Configuration(false);
    conf.set(ScriptBasedMapping.SCRIPT_KEY, Scripts.write(dir, "s.sh", "echo /from-script").toString());
    conf.set(TableMapping.TABLE_KEY, table().toString());
    assertEquals("/from-script", RackResolver.create(conf).rackOf("h1"));
  }

  @Test
  void tableIsUsedWithoutScript() throws Exception {
    Configuration conf = new Configuration(false);
    conf.set(ScriptBasedMapping.SCRIPT_KEY, " ");
    conf.set(TableMapping.TABLE_KEY, table().toString());
    assertEquals("/from-table", RackResolver.create(conf).rackOf("h1"));
  }

  @Test
  void everyHostIsOnTheDefaultRackWithoutEither() {
    assertEquals(NetworkTopology.DEFAULT_RACK, RackResolver.create(new Configuration(false)).rackOf("h1"));
  }

  private Path table() throws Exception {
    return Files.writeString(dir.resolve("t"), "h1 /from-table\n");
  }
}
