package io.quern.worker.child;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.testutil.Wait;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildDryRunTest {
  @TempDir
  Path dir;

  @Test
  void theRehearsalJobSucceedsAndLeavesNoFiles() throws Exception {
    Path scratch = dir.resolve("rehearsals");
    assertTrue(ChildDryRun.run(scratch));
    Wait.until("the rehearsal's files to be removed", Duration.ofSeconds(10), () -> {
      try (Stream<Path> left = Files.list(scratch)) {
        return left.findAny().isEmpty();
      } catch (java.io.IOException e) {
        return false;
      }
    });
  }
}
