package io.quern.io.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.io.compress.zlib.BuiltInGzipDecompressor;
import io.quern.io.compress.zlib.BuiltInZlibDeflater;
import io.quern.io.compress.zlib.ZlibCompression;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pooled coders as Hadoop code uses them: round trips, reuse after reset, gzip(1) interop, lease counts. */
class CodecPoolTest {

  private static final List<CompressionCodec> CODECS = List.of(new GzipCodec(), new DefaultCodec(), new BZip2Codec());

  @TempDir
  Path dir;

  private static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static byte[] compressible(int size, long seed) {
    Random r = new Random(seed);
    String[] words = {"map ", "reduce ", "shuffle ", "spill ", "merge\n", "sort "};
    StringBuilder s = new StringBuilder(size + 16);
    while (s.length() < size) {
      s.append(words[r.nextInt(words.length)]);
    }
    return s.substring(0, size).getBytes(StandardCharsets.US_ASCII);
  }

  /** Hadoop's pattern: lease, compress through a stream made with the compressor, give it back. */
  private static byte[] compressPooled(CompressionCodec codec, byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Compressor c = CodecPool.getCompressor(codec);
    try (CompressionOutputStream out = codec.createOutputStream(bytes, c)) {
      out.write(data, 0, data.length / 3);
      out.write(data, data.length / 3, data.length - data.length / 3);
    } finally {
      CodecPool.returnCompressor(c);
    }
    return bytes.toByteArray();
  }

  private static byte[] decompressPooled(CompressionCodec codec, byte[] compressed) throws IOException {
    Decompressor d = CodecPool.getDecompressor(codec);
    try (InputStream in = codec.createInputStream(new ByteArrayInputStream(compressed), d)) {
      return in.readAllBytes();
    } finally {
      CodecPool.returnDecompressor(d);
    }
  }

  private static byte[] compressFresh(CompressionCodec codec, byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = codec.createOutputStream(bytes)) {
      out.write(data);
    }
    return bytes.toByteArray();
  }

  @Test
  void randomAndCompressibleDataRoundTripThroughPooledCoders() throws IOException {
    for (CompressionCodec codec : CODECS) {
      int compressorsBefore = CodecPool.getLeasedCompressorsCount(codec);
      int decompressorsBefore = CodecPool.getLeasedDecompressorsCount(codec);
      // Twice each: the second round runs on the coders the first gave back.
      for (int round = 0; round < 2; round++) {
        for (byte[] data : List.of(random(300_000, round), compressible(300_000, round), new byte[0])) {
          byte[] compressed = compressPooled(codec, data);
          assertArrayEquals(data, decompressPooled(codec, compressed), codec.getDefaultExtension());
          // And the unpooled streams read what the pooled ones wrote.
          try (InputStream in = codec.createInputStream(new ByteArrayInputStream(compressed))) {
            assertArrayEquals(data, in.readAllBytes(), codec.getDefaultExtension());
          }
        }
      }
      assertEquals(compressorsBefore, CodecPool.getLeasedCompressorsCount(codec), codec.getDefaultExtension());
      assertEquals(decompressorsBefore, CodecPool.getLeasedDecompressorsCount(codec), codec.getDefaultExtension());
    }
    byte[] text = compressible(300_000, 9);
    assertTrue(compressPooled(new GzipCodec(), text).length < text.length / 3, "gzip compresses text");
  }

  @Test
  void aReturnedCompressorComesBackResetAndWritesWhatAFreshOneWrites() throws IOException {
    byte[] data = compressible(100_000, 3);
    for (CompressionCodec codec : List.of(new GzipCodec(), new DefaultCodec())) {
      Compressor first = CodecPool.getCompressor(codec);
      // Given back in the middle of its data: the pool must reset it.
      first.setInput(data, 0, 50_000);
      byte[] scratch = new byte[1024];
      first.compress(scratch, 0, scratch.length);
      assertTrue(first.getBytesRead() > 0);
      CodecPool.returnCompressor(first);

      Compressor second = CodecPool.getCompressor(codec);
      try {
        assertSame(first, second, codec.getDefaultExtension() + ": the pooled compressor is handed out again");
        assertEquals(0, second.getBytesRead());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CompressionOutputStream out = codec.createOutputStream(bytes, second)) {
          out.write(data);
        }
        assertArrayEquals(compressFresh(codec, data), bytes.toByteArray(), codec.getDefaultExtension());
      } finally {
        CodecPool.returnCompressor(second);
      }
    }
  }

  @Test
  void aReturnedDecompressorComesBackResetAndReadsNewData() throws IOException {
    for (CompressionCodec codec : List.of(new GzipCodec(), new DefaultCodec())) {
      byte[] a = compressFresh(codec, compressible(80_000, 1));
      Decompressor first = CodecPool.getDecompressor(codec);
      // Given back half way through a piece.
      first.setInput(a, 0, a.length / 2);
      first.decompress(new byte[4096], 0, 4096);
      assertFalse(first.finished());
      CodecPool.returnDecompressor(first);

      byte[] b = compressible(60_000, 2);
      Decompressor second = CodecPool.getDecompressor(codec);
      try {
        assertSame(first, second);
        try (InputStream in = codec.createInputStream(new ByteArrayInputStream(compressFresh(codec, b)), second)) {
          assertArrayEquals(b, in.readAllBytes(), codec.getDefaultExtension());
        }
      } finally {
        CodecPool.returnDecompressor(second);
      }
    }
  }

  @Test
  void closingAStreamLeavesThePooledCoderUsable() throws IOException {
    CompressionCodec codec = new GzipCodec();
    Compressor c = CodecPool.getCompressor(codec);
    Decompressor d = CodecPool.getDecompressor(codec);
    try {
      for (int i = 0; i < 3; i++) {
        byte[] data = random(10_000 + i, i);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CompressionOutputStream out = codec.createOutputStream(bytes, c)) {
          out.write(data);
        }
        // The caller resets a coder it keeps itself; a closed stream did not end it.
        c.reset();
        try (InputStream in = codec.createInputStream(new ByteArrayInputStream(bytes.toByteArray()), d)) {
          assertArrayEquals(data, in.readAllBytes());
        }
        d.reset();
      }
    } finally {
      CodecPool.returnCompressor(c);
      CodecPool.returnDecompressor(d);
    }
  }

  @Test
  void systemGzipReadsWhatGzipCodecWrites() throws Exception {
    byte[] data = compressible(400_000, 5);
    Path single = dir.resolve("single.gz");
    Files.write(single, compressPooled(new GzipCodec(), data));
    assertArrayEquals(data, gunzip(single));

    // Three members from one pooled compressor (finish, resetState), as record writers make them.
    ByteArrayOutputStream members = new ByteArrayOutputStream();
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    CompressionCodec codec = new GzipCodec();
    Compressor c = CodecPool.getCompressor(codec);
    try (CompressionOutputStream out = codec.createOutputStream(members, c)) {
      for (int i = 0; i < 3; i++) {
        byte[] piece = i == 1 ? random(70_000, i) : compressible(50_000, i);
        out.resetState();
        out.write(piece);
        out.finish();
        plain.write(piece);
      }
    } finally {
      CodecPool.returnCompressor(c);
    }
    Path multi = dir.resolve("multi.gz");
    Files.write(multi, members.toByteArray());
    assertArrayEquals(plain.toByteArray(), gunzip(multi));
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(members.toByteArray()))) {
      assertArrayEquals(plain.toByteArray(), in.readAllBytes());
    }
  }

  @Test
  void concatenatedMembersFromSystemGzipReadAsOne() throws Exception {
    byte[] a = compressible(90_000, 11);
    byte[] b = random(20_000, 12);
    // gzip(1) given a file stores its name in the header (FNAME), which the decompressor skips.
    ByteArrayOutputStream both = new ByteArrayOutputStream();
    both.write(systemGzip("a.txt", a));
    both.write(systemGzip("b.txt", b));
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    expected.write(a);
    expected.write(b);
    assertArrayEquals(expected.toByteArray(), decompressPooled(new GzipCodec(), both.toByteArray()));
    // One compressed byte at a time, so headers and trailers arrive split over many inputs.
    try (InputStream in = new DecompressorStream(new ByteArrayInputStream(both.toByteArray()),
        new BuiltInGzipDecompressor(), 1)) {
      assertArrayEquals(expected.toByteArray(), in.readAllBytes());
    }
  }

  @Test
  void gzipHeaderWithEveryOptionalFieldIsSkipped() throws IOException {
    byte[] data = compressible(5_000, 4);
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    deflater.setInput(data);
    deflater.finish();
    byte[] body = new byte[10_000];
    int bodyLen = deflater.deflate(body);
    deflater.end();
    ByteArrayOutputStream member = new ByteArrayOutputStream();
    // FHCRC | FEXTRA | FNAME | FCOMMENT
    member.write(new byte[] {0x1f, (byte) 0x8b, 8, 2 | 4 | 8 | 16, 0, 0, 0, 0, 0, 3});
    member.write(new byte[] {5, 0, 'e', 'x', 't', 'r', 'a'});
    member.write("name.txt\0".getBytes(StandardCharsets.US_ASCII));
    member.write("a comment\0".getBytes(StandardCharsets.US_ASCII));
    member.write(new byte[] {0x12, 0x34});
    member.write(body, 0, bodyLen);
    CRC32 crc = new CRC32();
    crc.update(data);
    writeIntLe(member, crc.getValue());
    writeIntLe(member, data.length);
    byte[] bytes = member.toByteArray();
    for (int bufferSize : new int[] {1, 3, 17, 64 * 1024}) {
      try (InputStream in = new DecompressorStream(new ByteArrayInputStream(bytes), new BuiltInGzipDecompressor(),
          bufferSize)) {
        assertArrayEquals(data, in.readAllBytes(), "buffer of " + bufferSize);
      }
    }
    byte[] badCrc = bytes.clone();
    badCrc[bytes.length - 8] ^= 1;
    IOException e = assertThrows(IOException.class, () -> decompressPooled(new GzipCodec(), badCrc));
    assertTrue(e.getMessage().contains("CRC32"), e.getMessage());
  }

  private static void writeIntLe(OutputStream out, long v) throws IOException {
    out.write(new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)});
  }

  @Test
  void returningTwiceKeepsOneCopyAndCountsOnce() {
    CompressionCodec codec = new DefaultCodec();
    int before = CodecPool.getLeasedCompressorsCount(codec);
    Compressor c = CodecPool.getCompressor(codec);
    assertEquals(before + 1, CodecPool.getLeasedCompressorsCount(codec));
    CodecPool.returnCompressor(c);
    CodecPool.returnCompressor(c);
    assertEquals(before, CodecPool.getLeasedCompressorsCount(codec));
    Compressor again = CodecPool.getCompressor(codec);
    Compressor other = CodecPool.getCompressor(codec);
    try {
      assertSame(c, again);
      assertNotSame(again, other, "the pool held one copy of the twice-returned compressor");
      assertEquals(before + 2, CodecPool.getLeasedCompressorsCount(codec));
    } finally {
      CodecPool.returnCompressor(again);
      CodecPool.returnCompressor(other);
    }
    assertEquals(before, CodecPool.getLeasedCompressorsCount(codec));

    int decompressorsBefore = CodecPool.getLeasedDecompressorsCount(codec);
    Decompressor d = CodecPool.getDecompressor(codec);
    CodecPool.returnDecompressor(d);
    CodecPool.returnDecompressor(d);
    assertEquals(decompressorsBefore, CodecPool.getLeasedDecompressorsCount(codec));
    Decompressor d1 = CodecPool.getDecompressor(codec);
    Decompressor d2 = CodecPool.getDecompressor(codec);
    assertNotSame(d1, d2);
    CodecPool.returnDecompressor(d1);
    CodecPool.returnDecompressor(d2);
    CodecPool.returnCompressor(null);
    CodecPool.returnDecompressor(null);
  }

  /** A compressor class that must not be reused; it records being ended. */
  @DoNotPool
  static final class SingleUseDeflater extends BuiltInZlibDeflater {
    boolean ended;

    @Override
    public void end() {
      ended = true;
      super.end();
    }
  }

  /** DefaultCodec whose compressors are {@link SingleUseDeflater}s. */
  static final class SingleUseCodec extends DefaultCodec {
    @Override
    public Class<? extends Compressor> getCompressorType() {
      return SingleUseDeflater.class;
    }

    @Override
    public Compressor createCompressor() {
      return new SingleUseDeflater();
    }
  }

  @Test
  void doNotPoolCoderIsEndedNotKept() throws IOException {
    CompressionCodec codec = new SingleUseCodec();
    SingleUseDeflater c = (SingleUseDeflater) CodecPool.getCompressor(codec);
    assertEquals(0, CodecPool.getLeasedCompressorsCount(codec));
    byte[] data = compressible(20_000, 8);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (CompressionOutputStream out = codec.createOutputStream(bytes, c)) {
      out.write(data);
    }
    assertFalse(c.ended, "closing the stream leaves the compressor to its caller");
    CodecPool.returnCompressor(c);
    assertTrue(c.ended, "a @DoNotPool compressor is ended when returned");
    Compressor next = CodecPool.getCompressor(codec);
    assertNotSame(c, next);
    CodecPool.returnCompressor(next);
    try (InputStream in = codec.createInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertArrayEquals(data, in.readAllBytes());
    }
  }

  @Test
  void aCompressorOfAnotherFormatIsRefused() {
    Compressor gzip = new GzipCodec().createCompressor();
    try {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new DefaultCodec().createOutputStream(new ByteArrayOutputStream(), gzip));
      assertTrue(e.getMessage().contains("BuiltInZlibDeflater"), e.getMessage());
    } finally {
      gzip.end();
    }
  }

  @Test
  void aPooledCompressorTakesUpTheLevelOfTheConfigurationItIsHandedOutWith() throws IOException {
    CompressionCodec codec = new DefaultCodec();
    byte[] data = compressible(200_000, 6);
    Configuration store = new Configuration();
    store.set(ZlibCompression.LEVEL_KEY, "NO_COMPRESSION");
    Configuration best = new Configuration();
    best.set(ZlibCompression.LEVEL_KEY, "9");
    byte[] stored = compressWith(codec, store, data);
    byte[] small = compressWith(codec, best, data);
    assertTrue(stored.length > data.length, "level 0 stores: " + stored.length);
    assertTrue(small.length < data.length / 3, "level 9 compresses: " + small.length);
    try (InputStream in = codec.createInputStream(new ByteArrayInputStream(stored))) {
      assertArrayEquals(data, in.readAllBytes());
    }
    Configuration bad = new Configuration();
    bad.set(ZlibCompression.LEVEL_KEY, "FASTEST");
    int before = CodecPool.getLeasedCompressorsCount(codec);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CodecPool.getCompressor(codec, bad));
    assertTrue(e.getMessage().contains(ZlibCompression.LEVEL_KEY), e.getMessage());
    assertEquals(before, CodecPool.getLeasedCompressorsCount(codec));
  }

  private static byte[] compressWith(CompressionCodec codec, Configuration conf, byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Compressor c = CodecPool.getCompressor(codec, conf);
    try (CompressionOutputStream out = codec.createOutputStream(bytes, c)) {
      out.write(data);
    } finally {
      CodecPool.returnCompressor(c);
    }
    return bytes.toByteArray();
  }

  @Test
  void threadsNeverShareALeasedCompressor() throws Exception {
    CompressionCodec codec = new GzipCodec();
    int before = CodecPool.getLeasedCompressorsCount(codec);
    Set<Compressor> inUse = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
    byte[] data = compressible(2_000, 10);
    byte[] expected = compressFresh(codec, data);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        done.add(pool.submit(() -> {
          for (int i = 0; i < 300; i++) {
            Compressor c = CodecPool.getCompressor(codec);
            assertTrue(inUse.add(c), "a compressor leased to two threads at once");
            try {
              ByteArrayOutputStream bytes = new ByteArrayOutputStream();
              try (CompressionOutputStream out = codec.createOutputStream(bytes, c)) {
                out.write(data);
              }
              assertArrayEquals(expected, bytes.toByteArray());
            } finally {
              inUse.remove(c);
              CodecPool.returnCompressor(c);
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(before, CodecPool.getLeasedCompressorsCount(codec));
  }

  /** gzip -dc of {@code file}, by the system's gzip. */
  private static byte[] gunzip(Path file) throws Exception {
    Process p = new ProcessBuilder("gzip", "-dc", file.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "gzip -dc did not end");
    assertEquals(0, p.exitValue(), "gzip -dc " + file + " failed");
    return out;
  }

  /** {@code data} compressed by the system's gzip from a file called {@code name}. */
  private byte[] systemGzip(String name, byte[] data) throws Exception {
    Path file = dir.resolve(name);
    Files.write(file, data);
    Process p = new ProcessBuilder("gzip", "-f", file.toString()).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "gzip did not end");
    assertEquals(0, p.exitValue(), "gzip " + file + " failed");
    return Files.readAllBytes(dir.resolve(name + ".gz"));
  }
}
