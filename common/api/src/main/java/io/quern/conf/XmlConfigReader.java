package io.quern.conf;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/** Reads Hadoop's {@code <configuration><property>} format; DTDs and entities are refused. */
final class XmlConfigReader {
  static final String MAX_DEPTH = "64";
  static final long MAX_BYTES = 16L << 20;

  private XmlConfigReader() {}

  /** Fails a read past {@code limit} bytes: a configuration file is small. */
  private static final class BoundedInputStream extends java.io.FilterInputStream {
    private final long limit;
    private final String source;
    /** Confined to the thread reading the file. */
    private long count;

    BoundedInputStream(InputStream in, long limit, String source) {
      super(in);
      this.limit = limit;
      this.source = source;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      int n = super.read(buf, off, len);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) throws IOException {
      count += n;
      if (count > limit) {
        throw new IOException(source + " is larger than " + limit + " bytes");
      }
    }
  }

  static List<Configuration.Property> read(InputStream in, String source) {
    Document doc = parse(in, source);
    Element root = doc.getDocumentElement();
    if (!"configuration".equals(root.getTagName())) {
      throw new ConfigurationException("Configuration file " + source + " has root element <"
          + root.getTagName() + ">, expected <configuration>");
    }
    List<Configuration.Property> out = new ArrayList<>();
    NodeList children = root.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      Node n = children.item(i);
      if (n instanceof Element e) {
        if (!"property".equals(e.getTagName())) {
          throw new ConfigurationException("Configuration file " + source + " has <" + e.getTagName()
              + "> inside <configuration>, expected <property>");
        }
        out.add(property(e, source));
      }
    }
    return out;
  }

  private static Configuration.Property property(Element e, String source) {
    String name = null;
    String value = null;
    boolean isFinal = false;
    NodeList fields = e.getChildNodes();
    for (int i = 0; i < fields.getLength(); i++) {
      if (fields.item(i) instanceof Element f) {
        String text = f.getTextContent();
        switch (f.getTagName()) {
          case "name" -> name = text.trim();
          case "value" -> value = text;
          case "final" -> isFinal = "true".equalsIgnoreCase(text.trim());
          case "description", "source" -> { }
          default -> throw new ConfigurationException("Configuration file " + source
              + " has unknown element <" + f.getTagName() + "> in a <property>");
        }
      }
    }
    if (name == null || name.isEmpty()) {
      throw new ConfigurationException("Configuration file " + source + " has a <property> without a <name>");
    }
    if (value == null) {
      throw new ConfigurationException("Configuration file " + source + " has property " + name
          + " without a <value>");
    }
    return new Configuration.Property(name, value.trim(), source, isFinal);
  }

  private static Document parse(InputStream in, String source) {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      // DOM's getTextContent recurses: bound the nesting a file may have
      f.setAttribute("http://www.oracle.com/xml/jaxp/properties/maxElementDepth", MAX_DEPTH);
      f.setIgnoringComments(true);
      DocumentBuilder b = f.newDocumentBuilder();
      b.setErrorHandler(new DefaultHandler() {
        @Override
        public void error(SAXParseException e) throws SAXException {
          throw e;
        }
      });
      return b.parse(new BoundedInputStream(in, MAX_BYTES, source));
    } catch (SAXParseException e) {
      throw new ConfigurationException("Configuration file " + source + " is malformed at line "
          + e.getLineNumber() + ", column " + e.getColumnNumber() + ": " + e.getMessage());
    } catch (SAXException | IOException e) {
      throw new ConfigurationException("Configuration file " + source + " cannot be parsed: " + e.getMessage(), e);
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException(e);
    }
  }
}
