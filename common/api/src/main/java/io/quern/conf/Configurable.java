package io.quern.conf;

/** Something that carries a {@link Configuration}, as in Hadoop. */
public interface Configurable {
  void setConf(Configuration conf);

  Configuration getConf();
}
