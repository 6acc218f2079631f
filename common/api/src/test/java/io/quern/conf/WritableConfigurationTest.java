package io.quern.conf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.io.DataInputBuffer;
import io.quern.io.DataOutputBuffer;
import io.quern.io.WritableUtils;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class WritableConfigurationTest {
  /** Every property as written (unexpanded), by name. */
  private static Map<String, String> raw(Configuration conf) {
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<String, String> e : conf) {
      out.put(e.getKey(), conf.getRaw(e.getKey()));
    }
    return out;
  }

  private static Configuration sample() {
    Configuration c = new Configuration(false);
    c.set("empty.value", "");
    c.set("spaces.kept", "  leading and trailing  ");
    c.set("unicode.value", "grüße, 東京, 🌾 and a \u0000 nul");
    c.set("ключ.юникод", "значение");
    c.set("markup", "<value>&amp;\"</value>");
    c.set("expanded.later", "${empty.value}/x");
    c.set("long.value", "v".repeat(300_000) + "é".repeat(70_000));
    c.set("newlines", "a\nb\r\nc\t");
    return c;
  }

  @Test
  void everyPropertyComesBackExactlyThroughReadFields() throws IOException {
    Configuration c = sample();
    DataOutputBuffer out = new DataOutputBuffer();
    c.write(out);
    Configuration back = new Configuration(false);
    back.set("stale.key", "gone after readFields");
    DataInputBuffer in = new DataInputBuffer();
    in.reset(out.getData(), out.getLength());
    back.readFields(in);
    assertEquals(0, in.remaining());
    assertEquals(raw(c), raw(back));
    assertNull(back.get("stale.key"));
    assertEquals("", back.get("empty.value"));
    assertEquals("/x", back.get("expanded.later"));
    assertEquals(Configuration.READ_FIELDS, back.getSource("markup"));
  }

  @Test
  void theBytesHelpersRoundTripAndTheSameConfigurationGivesTheSameBytes() throws IOException {
    Configuration c = sample();
    byte[] bytes = c.toBytes();
    Configuration back = new Configuration(false).addBytes(bytes, "job_1 conf");
    assertEquals(raw(c), raw(back));
    assertEquals("job_1 conf", back.getSource("unicode.value"));
    // Key order, not insertion order: equal configurations give equal bytes (the worker compares them).
    Configuration reversed = new Configuration(false);
    new TreeMap<>(raw(c)).descendingMap().forEach(reversed::set);
    assertArrayEquals(bytes, reversed.toBytes());
    assertArrayEquals(new byte[] {0}, new Configuration(false).toBytes());
  }

  @Test
  void readsFromAStreamOfUnknownSize() throws IOException {
    Configuration c = sample();
    Configuration back = new Configuration(false);
    back.readFields(new DataInputStream(new ByteArrayInputStream(c.toBytes())));
    assertEquals(raw(c), raw(back));
  }

  @Test
  void theShapeIsHadoopsVintCountThenTextStrings() throws IOException {
    Configuration c = new Configuration(false);
    c.set("b", "2");
    c.set("a", "");
    DataOutputBuffer expected = new DataOutputBuffer();
    WritableUtils.writeVInt(expected, 2);
    io.quern.io.Text.writeString(expected, "a");
    io.quern.io.Text.writeString(expected, "");
    io.quern.io.Text.writeString(expected, "b");
    io.quern.io.Text.writeString(expected, "2");
    assertArrayEquals(java.util.Arrays.copyOf(expected.getData(), expected.getLength()), c.toBytes());
  }

  @Test
  void theXmlOfAJobAndItsBinaryFormReadTheSame() throws IOException {
    Configuration job = new Configuration();
    job.set("mapreduce.job.name", "word count");
    job.set("quern.security.secret.file", "");
    ByteArrayOutputStream xml = new ByteArrayOutputStream();
    job.writeXml(xml);
    Configuration fromXml = new Configuration(false);
    fromXml.addResource(new ByteArrayInputStream(xml.toByteArray()), "job.xml");
    Configuration fromBytes = new Configuration(false).addBytes(fromXml.toBytes(), "job conf");
    assertEquals(raw(fromXml), raw(fromBytes));
    assertTrue(fromXml.toBytes().length < xml.size(), fromXml.toBytes().length + " bytes vs XML " + xml.size());
  }

  @Test
  void laidOverABaseTheFinalPropertiesOfTheBaseStayAndAnEmptyValueHidesTheBase() throws IOException {
    Configuration base = new Configuration(false);
    base.addResource(new ByteArrayInputStream(("<configuration><property><name>site.final</name><value>site</value>"
        + "<final>true</final></property><property><name>secret.path</name><value>/etc/secret</value></property>"
        + "</configuration>").getBytes(StandardCharsets.UTF_8)), "site.xml");
    Configuration job = new Configuration(false);
    job.set("site.final", "job");
    job.set("secret.path", "");
    base.addBytes(job.toBytes(), "job conf");
    assertEquals("site", base.get("site.final"));
    assertEquals("", base.get("secret.path"));
  }

  @Test
  void credentialsAreNotWrittenAndStayWithTheReader() throws IOException {
    Configuration c = new Configuration(false);
    c.set("k", "v");
    byte[] secret = "s3cr3t-key-material".getBytes(StandardCharsets.UTF_8);
    c.getCredentials().addSecretKey(new io.quern.io.Text("alias"), secret);
    byte[] bytes = c.toBytes();
    assertFalse(new String(bytes, StandardCharsets.ISO_8859_1).contains("s3cr3t"));
    Configuration back = new Configuration(false).addBytes(bytes, "job conf");
    assertTrue(back.getCredentials().isEmpty());
  }

  // ---- garbage ----

  private static IOException refused(byte[] bytes) {
    Configuration target = new Configuration(false);
    target.set("kept", "yes");
    IOException e = assertThrows(IOException.class, () -> target.addBytes(bytes, "job_9 conf"));
    assertTrue(e.getMessage().startsWith("job_9 conf is not a readable configuration: it "), e.getMessage());
    assertEquals(Map.of("kept", "yes"), raw(target), "a failed read changes nothing");
    // readFields too, from a stream whose size it cannot know
    Configuration viaStream = new Configuration(false);
    viaStream.set("kept", "yes");
    IOException s = assertThrows(IOException.class,
        () -> viaStream.readFields(new DataInputStream(new ByteArrayInputStream(bytes))));
    assertTrue(s.getMessage().startsWith(Configuration.READ_FIELDS + " is not a readable configuration"),
        s.getMessage());
    assertEquals(Map.of("kept", "yes"), raw(viaStream));
    return e;
  }

  private static void assertRefused(byte[] bytes, String fragment) {
    String m = refused(bytes).getMessage();
    assertTrue(m.contains(fragment), m);
  }

  private static byte[] bytes(int... values) throws IOException {
    DataOutputBuffer out = new DataOutputBuffer();
    for (int v : values) {
      WritableUtils.writeVInt(out, v);
    }
    return java.util.Arrays.copyOf(out.getData(), out.getLength());
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void garbageFailsWithOneSentenceAndAllocatesNothingBig() throws IOException {
    assertRefused(new byte[0], "ends before the number of properties");
    assertRefused(bytes(-1), "claims -1 properties");
    assertRefused(bytes(Integer.MAX_VALUE), "properties in 0 bytes");
    assertRefused(concat(bytes(1, -5), new byte[2]), "property 1 of 1's name a negative length (-5)");
    // A length of 2 GB in a few bytes: refused before any allocation (a heap of 2 GB would fail otherwise).
    assertRefused(concat(bytes(1, Integer.MAX_VALUE), new byte[8]),
        "property 1 of 1's name 2147483647 bytes where 8 remain");
    assertRefused(concat(bytes(1, 1), "k".getBytes(StandardCharsets.UTF_8)), "ends before property 1 of 1's value");
    assertRefused(concat(bytes(1, 0, 0), new byte[0]), "property 1 of 1 has no name");
    assertRefused(concat(bytes(1, 2), new byte[] {(byte) 0xc3, (byte) 0x28, 0, 0}), "name that is not UTF-8");
    byte[] good = sample().toBytes();
    // readFields leaves what follows to the stream's next reader; the bytes helper wants exactly one configuration.
    IOException trailing = assertThrows(IOException.class,
        () -> new Configuration(false).addBytes(concat(good, new byte[] {7}), "job_9 conf"));
    assertEquals("job_9 conf is not a readable configuration: it has 1 bytes after its last property",
        trailing.getMessage());
    for (int cut : new int[] {1, 5, good.length / 2, good.length - 1}) {
      String m = refused(java.util.Arrays.copyOf(good, cut)).getMessage();
      assertTrue(m.contains("ends") || m.contains("remain") || m.contains("properties in"), "cut at " + cut + ": " + m);
    }
  }

  @Test
  void randomBytesNeverEscapeAsAnythingButAnIOException() {
    Random random = new Random(42);
    for (int i = 0; i < 2_000; i++) {
      byte[] junk = new byte[random.nextInt(64)];
      random.nextBytes(junk);
      try {
        new Configuration(false).addBytes(junk, "junk");
      } catch (IOException expected) {
        assertTrue(expected.getMessage().startsWith("junk is not a readable configuration"), expected.getMessage());
      }
    }
  }
}
