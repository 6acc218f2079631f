package io.quern.conf;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * Writes properties in Hadoop's {@code <configuration><property>} format, the one {@link
 * XmlConfigReader} reads back: name, value as written (unexpanded) and finality, markup
 * characters escaped. It is separate so that the file format, read and write, sits beside
 * itself and not among {@link Configuration}'s getters.
 */
final class XmlConfigWriter {
  private XmlConfigWriter() {}

  /** Writes {@code properties} in their iteration order; flushes {@code out} but leaves it open. */
  static void write(Collection<Configuration.Property> properties, OutputStream out) throws IOException {
    Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<configuration>\n");
    for (Configuration.Property p : properties) {
      w.write("  <property><name>" + escape(p.name()) + "</name><value>"
          + escape(p.value()) + "</value>"
          + (p.isFinal() ? "<final>true</final>" : "") + "</property>\n");
    }
    w.write("</configuration>\n");
    w.flush();
  }

  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
