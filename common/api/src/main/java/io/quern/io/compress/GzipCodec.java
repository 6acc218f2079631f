package io.quern.io.compress;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.Deflater;

/** gzip files ({@code .gz}), readable by gzip(1) and Hadoop; concatenated members read as one file. */
public class GzipCodec extends DefaultCodec {

  @Override
  public CompressionOutputStream createOutputStream(OutputStream out) throws IOException {
    return new DeflateOutputStream(out, true, Deflater.DEFAULT_COMPRESSION);
  }

  @Override
  public CompressionInputStream createInputStream(InputStream in) throws IOException {
    return new InflateInputStream(in, true);
  }

  @Override
  public String getDefaultExtension() {
    return ".gz";
  }
}
