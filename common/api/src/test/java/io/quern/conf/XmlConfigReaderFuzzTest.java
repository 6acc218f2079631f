package io.quern.conf;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Mutated configuration files: a ConfigurationException or a result, nothing else, and no hang. */
class XmlConfigReaderFuzzTest {
  private static final String VALID = "<?xml version=\"1.0\"?>\n<configuration>\n"
      + "  <property><name>quern.a</name><value>1</value><final>true</final></property>\n"
      + "  <property><name>quern.b</name><value>x ${quern.a} y</value><description>d</description></property>\n"
      + "</configuration>\n";
  private static final String[] TRICKS = {
      "<!DOCTYPE configuration [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>", "&e;", "&amp;", "&#0;", "&#x110000;",
      "<!ENTITY a \"aaaaaaaaaa\">", "<![CDATA[", "]]>", "<?xml version=\"1.0\" encoding=\"UTF-16\"?>",
      "<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"/etc/passwd\"/>", "<property>",
      "</property>", "<name>", "</value>", "<configuration>", "\u0000", "\uFEFF", "\uD800", "<!--", "-->",
      "<?pi x?>", "<a xmlns=\"urn:x\">", "<value attr='1' attr='2'>"};

  @Test
  void mutationsFailOnlyWithConfigurationException() {
    assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
      Random random = new Random(0x5eed);
      for (int i = 0; i < 3_000; i++) {
        check(mutate(random), i);
      }
    });
  }

  @Test
  void deepNestingAndHugeValuesAreBounded() {
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      StringBuilder deep = new StringBuilder("<configuration><property><name>n</name><value>");
      deep.append("<a>".repeat(100_000)).append("</a>".repeat(100_000)).append("</value></property></configuration>");
      check(deep.toString().getBytes(StandardCharsets.UTF_8), -1);
      String huge = "<configuration><property><name>n</name><value>" + "v".repeat(4 << 20)
          + "</value></property></configuration>";
      check(huge.getBytes(StandardCharsets.UTF_8), -2);
      byte[] tooBig = new byte[(int) XmlConfigReader.MAX_BYTES + 10];
      java.util.Arrays.fill(tooBig, (byte) ' ');
      check(tooBig, -3);
    });
  }

  private static void check(byte[] input, int round) {
    try {
      XmlConfigReader.read(new ByteArrayInputStream(input), "fuzz-" + round + ".xml");
    } catch (ConfigurationException expected) {
      // one sentence for the user
    } catch (Throwable t) {
      fail("round " + round + ": " + t + " for input " + new String(input, 0, Math.min(input.length, 300),
          StandardCharsets.ISO_8859_1), t);
    }
  }

  private static byte[] mutate(Random random) {
    byte[] base = VALID.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    switch (random.nextInt(5)) {
      case 0 -> out.write(base, 0, random.nextInt(base.length)); // truncation
      case 1 -> { // random bytes flipped
        byte[] b = base.clone();
        for (int k = 1 + random.nextInt(8); k > 0; k--) {
          b[random.nextInt(b.length)] = (byte) random.nextInt(256);
        }
        out.writeBytes(b);
      }
      case 2 -> { // a trick spliced in
        int at = random.nextInt(base.length);
        out.write(base, 0, at);
        out.writeBytes(TRICKS[random.nextInt(TRICKS.length)].getBytes(StandardCharsets.UTF_8));
        out.write(base, at, base.length - at);
      }
      case 3 -> { // pure noise
        byte[] b = new byte[random.nextInt(512)];
        random.nextBytes(b);
        out.writeBytes(b);
      }
      default -> { // several tricks and a cut
        String s = VALID;
        for (int k = 0; k < 3; k++) {
          int at = random.nextInt(s.length());
          s = s.substring(0, at) + TRICKS[random.nextInt(TRICKS.length)] + s.substring(at);
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, 1 + random.nextInt(b.length));
      }
    }
    return out.toByteArray();
  }
}
