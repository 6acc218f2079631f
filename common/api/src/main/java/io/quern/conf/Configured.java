package io.quern.conf;

/** Base class for {@link Configurable} objects, as in Hadoop. */
public class Configured implements Configurable {
  /** Written once, by the constructor or setConf as the object is made, before it is shared. */
  private Configuration conf;

  public Configured() {
    this(null);
  }

  public Configured(Configuration conf) {
    setConf(conf);
  }

  @Override
  public void setConf(Configuration conf) {
    this.conf = conf;
  }

  @Override
  public Configuration getConf() {
    return conf;
  }
}
