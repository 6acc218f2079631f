package io.quern.util;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.quern.conf.Configuration;
import io.quern.conf.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Random argument lists: parsed, or refused with one sentence (a bad -conf file names itself). */
class GenericOptionsParserFuzzTest {
  @TempDir
  Path dir;

  @Test
  void randomArgumentsParseOrFailCleanly() throws Exception {
    Path garbage = Files.write(dir.resolve("garbage.xml"), new byte[] {'<', 0, 'x'});
    String[] tokens = {"-D", "-Dk=v", "-Dk", "-D=v", "-conf", "-fs", "-jt", "--", "--define", "=", "", " ",
        "a=b", "-Dquern.rpc.read.timeout=\u0000", "local", "qfs:///", "-", "-x", "\uD800", dir.toString(),
        garbage.toString(), "/no/such/file", "-Da==b", "-D\n=\n"};
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      Random random = new Random(42);
      for (int i = 0; i < 5_000; i++) {
        String[] args = new String[random.nextInt(7)];
        for (int k = 0; k < args.length; k++) {
          args[k] = random.nextInt(5) == 0 ? randomString(random) : tokens[random.nextInt(tokens.length)];
        }
        try {
          String[] rest = new GenericOptionsParser(new Configuration(false), args).getRemainingArgs();
          assertTrue(rest.length <= args.length);
        } catch (IllegalArgumentException | ConfigurationException expected) {
          assertTrue(expected.getMessage() != null && !expected.getMessage().isBlank());
        } catch (Throwable t) {
          fail("args " + Arrays.toString(args) + ": " + t, t);
        }
      }
    });
  }

  private static String randomString(Random random) {
    char[] c = new char[random.nextInt(12)];
    for (int i = 0; i < c.length; i++) {
      c[i] = (char) (random.nextBoolean() ? 32 + random.nextInt(95) : random.nextInt(0x10000));
    }
    return new String(c);
  }
}
