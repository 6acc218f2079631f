package io.quern.io.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.fs.Path;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.Test;

class CodecTest {

  private static final List<CompressionCodec> CODECS = List.of(new GzipCodec(), new DefaultCodec(), new BZip2Codec());

  /** Text-like bytes (compressible) with a random tail (not). */
  private static byte[] sample(int size, long seed) {
    Random r = new Random(seed);
    byte[] b = new byte[size];
    String[] words = {"the ", "quick ", "brown ", "fox ", "jumps\n", "over ", "lazy ", "dogs "};
    int i = 0;
    while (i < size * 3 / 4) {
      for (byte c : words[r.nextInt(words.length)].getBytes(StandardCharsets.US_ASCII)) {
        if (i < size * 3 / 4) {
          b[i++] = c;
        }
      }
    }
    while (i < size) {
      b[i++] = (byte) r.nextInt();
    }
    return b;
  }

  private static byte[] compress(CompressionCodec codec, byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = codec.createOutputStream(bytes)) {
      // Uneven writes, as a record writer makes them.
      int i = 0;
      int step = 1;
      while (i < data.length) {
        int n = Math.min(step, data.length - i);
        out.write(data, i, n);
        i += n;
        step = step * 3 + 1;
      }
    }
    return bytes.toByteArray();
  }

  private static byte[] decompress(CompressionCodec codec, byte[] compressed) throws IOException {
    try (InputStream in = codec.createInputStream(new ByteArrayInputStream(compressed))) {
      return in.readAllBytes();
    }
  }

  @Test
  void everyCodecRoundTripsSmallAndLargeData() throws IOException {
    for (CompressionCodec codec : CODECS) {
      for (int size : new int[] {0, 1, 100, 65_536, 1_000_003}) {
        byte[] data = sample(size, size);
        byte[] compressed = compress(codec, data);
        assertArrayEquals(data, decompress(codec, compressed), codec.getDefaultExtension() + " of " + size + " bytes");
        if (size > 10_000) {
          assertTrue(compressed.length < size * 0.6, codec.getDefaultExtension() + " compressed " + size + " bytes to "
              + compressed.length);
        }
      }
    }
  }

  @Test
  void gzipAndZlibMatchTheJdksFormats() throws IOException {
    byte[] data = sample(200_000, 7);
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compress(new GzipCodec(), data)))) {
      assertArrayEquals(data, in.readAllBytes());
    }
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(gz)) {
      out.write(data);
    }
    assertArrayEquals(data, decompress(new GzipCodec(), gz.toByteArray()));

    try (InputStream in = new InflaterInputStream(new ByteArrayInputStream(compress(new DefaultCodec(), data)))) {
      assertArrayEquals(data, in.readAllBytes());
    }
    ByteArrayOutputStream zlib = new ByteArrayOutputStream();
    try (OutputStream out = new DeflaterOutputStream(zlib)) {
      out.write(data);
    }
    assertArrayEquals(data, decompress(new DefaultCodec(), zlib.toByteArray()));
  }

  @Test
  void concatenatedStreamsReadAsOne() throws IOException {
    for (CompressionCodec codec : CODECS) {
      byte[] a = sample(30_000, 1);
      byte[] b = sample(5_000, 2);
      ByteArrayOutputStream both = new ByteArrayOutputStream();
      both.write(compress(codec, a));
      both.write(compress(codec, b));
      ByteArrayOutputStream expected = new ByteArrayOutputStream();
      expected.write(a);
      expected.write(b);
      assertArrayEquals(expected.toByteArray(), decompress(codec, both.toByteArray()), codec.getDefaultExtension());
    }
  }

  @Test
  void finishAndResetStateWritePiecesThatReadBackOneByOne() throws IOException {
    for (CompressionCodec codec : CODECS) {
      ByteArrayOutputStream file = new ByteArrayOutputStream();
      CompressionOutputStream out = codec.createOutputStream(file);
      int[] ends = new int[4];
      byte[][] pieces = new byte[4][];
      for (int i = 0; i < pieces.length; i++) {
        pieces[i] = sample(100 + 7_000 * i, 10 + i);
        out.resetState();
        out.write(pieces[i]);
        out.finish();
        ends[i] = file.size();
        assertThrows(IOException.class, () -> out.write(1), "a write after finish() needs resetState()");
      }
      out.close();
      byte[] all = file.toByteArray();
      // Each piece on its own, through one reused decompressor fed the piece's bytes only.
      SwitchableInput source = new SwitchableInput();
      CompressionInputStream in = codec.createInputStream(source);
      int start = 0;
      for (int i = 0; i < pieces.length; i++) {
        source.set(all, start, ends[i] - start);
        in.resetState();
        assertArrayEquals(pieces[i], in.readAllBytes(), codec.getDefaultExtension() + " piece " + i);
        start = ends[i];
      }
      in.close();
    }
  }

  /** An input whose bytes a test replaces, as a SequenceFile reader refills its buffer. */
  private static final class SwitchableInput extends InputStream {
    private ByteArrayInputStream current = new ByteArrayInputStream(new byte[0]);

    void set(byte[] b, int off, int len) {
      current = new ByteArrayInputStream(b, off, len);
    }

    @Override
    public int read() {
      return current.read();
    }

    @Override
    public int read(byte[] b, int off, int len) {
      return current.read(b, off, len);
    }
  }

  @Test
  void damagedDataFailsWithAnIOException() throws IOException {
    for (CompressionCodec codec : CODECS) {
      byte[] compressed = compress(codec, sample(100_000, 3));
      byte[] flipped = compressed.clone();
      flipped[flipped.length / 2] ^= 0x55;
      assertThrows(IOException.class, () -> decompress(codec, flipped), codec.getDefaultExtension() + " flipped");
      byte[] cut = java.util.Arrays.copyOf(compressed, compressed.length - 5);
      assertThrows(IOException.class, () -> decompress(codec, cut), codec.getDefaultExtension() + " truncated");
    }
  }

  @Test
  void factoryFindsCodecsBySuffixAndName() {
    Configuration conf = new Configuration();
    CompressionCodecFactory factory = new CompressionCodecFactory(conf);
    assertInstanceOf(GzipCodec.class, factory.getCodec(new Path("/in/part-00000.gz")));
    assertInstanceOf(BZip2Codec.class, factory.getCodec(new Path("qfs:///in/logs.bz2")));
    assertInstanceOf(DefaultCodec.class, factory.getCodec(new Path("file:///x/a.deflate")));
    assertNull(factory.getCodec(new Path("/in/plain.txt")));
    assertNull(factory.getCodec(new Path("/in/gz")));
    assertInstanceOf(GzipCodec.class, factory.getCodecByName("gzip"));
    assertInstanceOf(BZip2Codec.class, factory.getCodecByName("BZip2Codec"));
    assertInstanceOf(GzipCodec.class, factory.getCodecByClassName("org.apache.hadoop.io.compress.GzipCodec"));
    assertEquals("part-00000", CompressionCodecFactory.removeSuffix("part-00000.gz", ".gz"));

    Configuration hadoopNames = new Configuration();
    hadoopNames.set(CompressionCodecFactory.CODECS_KEY, "org.apache.hadoop.io.compress.BZip2Codec");
    CompressionCodecFactory onlyBzip2 = new CompressionCodecFactory(hadoopNames);
    assertInstanceOf(BZip2Codec.class, onlyBzip2.getCodec(new Path("/a.bz2")));
    assertNull(onlyBzip2.getCodec(new Path("/a.gz")));

    Configuration bad = new Configuration();
    bad.set(CompressionCodecFactory.CODECS_KEY, "java.lang.String");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CompressionCodecFactory(bad));
    assertTrue(e.getMessage().contains("is not a CompressionCodec"), e.getMessage());
  }
}
