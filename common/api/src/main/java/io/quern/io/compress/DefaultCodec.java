package io.quern.io.compress;

import io.quern.conf.Configurable;
import io.quern.conf.Configuration;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.Deflater;

/** Deflate in zlib framing, files ending in {@code .deflate}: what Hadoop's DefaultCodec writes. */
public class DefaultCodec implements CompressionCodec, Configurable {

  private Configuration conf;

  @Override
  public void setConf(Configuration conf) {
    this.conf = conf;
  }

  @Override
  public Configuration getConf() {
    return conf;
  }

  @Override
  public CompressionOutputStream createOutputStream(OutputStream out) throws IOException {
    return new DeflateOutputStream(out, false, Deflater.DEFAULT_COMPRESSION);
  }

  @Override
  public CompressionInputStream createInputStream(InputStream in) throws IOException {
    return new InflateInputStream(in, false);
  }

  @Override
  public String getDefaultExtension() {
    return ".deflate";
  }
}
