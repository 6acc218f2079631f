package io.quern.mapreduce.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.io.LongWritable;
import io.quern.io.NullWritable;
import io.quern.io.Text;
import io.quern.mapred.JobClient;
import io.quern.mapred.JobConf;
import io.quern.mapred.MapReduceBase;
import io.quern.mapred.OutputCollector;
import io.quern.mapred.Reporter;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.MRJobConfig;
import io.quern.mapreduce.Mapper;
import io.quern.mapreduce.Reducer;
import io.quern.mapreduce.lib.input.FileInputFormat;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import io.quern.security.token.Token;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secret keys and tokens a job holds at submission are what its tasks read in the local runner. */
class LocalCredentialsTest {
  static final Text SECRET = new Text("app.secret");
  static final Text TOKEN = new Text("app.token");

  @TempDir
  Path dir;

  /** Once per map: (the secret it reads, the token's password). */
  public static class SecretMapper extends Mapper<LongWritable, Text, Text, Text> {
    @Override
    protected void map(LongWritable key, Text value, Context context) {}

    @Override
    protected void cleanup(Context context) throws IOException, InterruptedException {
      byte[] secret = context.getCredentials().getSecretKey(SECRET);
      Token<?> token = context.getCredentials().getToken(TOKEN);
      context.write(new Text(secret), new Text(token.getPassword()));
    }
  }

  /** (the map's secret + "|" + the secret this reduce reads, the passwords). */
  public static class SecretReducer extends Reducer<Text, Text, Text, Text> {
    @Override
    protected void reduce(Text key, Iterable<Text> values, Context context) throws IOException, InterruptedException {
      String own = new String(context.getCredentials().getSecretKey(SECRET), StandardCharsets.UTF_8);
      StringBuilder passwords = new StringBuilder();
      for (Text v : values) {
        passwords.append(passwords.length() == 0 ? "" : ",").append(v);
      }
      context.write(new Text(key + "|" + own), new Text(passwords.toString()));
    }
  }

  /** Old API: reads the secret from its JobConf in configure(), writes it once per record. */
  public static class OldSecretMapper extends MapReduceBase
      implements io.quern.mapred.Mapper<LongWritable, Text, NullWritable, Text> {
    private Text secret;

    @Override
    public void configure(JobConf job) {
      secret = new Text(job.getCredentials().getSecretKey(SECRET));
    }

    @Override
    public void map(LongWritable key, Text value, OutputCollector<NullWritable, Text> out, Reporter reporter)
        throws IOException {
      out.collect(NullWritable.get(), secret);
    }
  }

  private Configuration conf() {
    Configuration conf = new Configuration();
    conf.set("mapreduce.framework.name", "local");
    conf.set("fs.defaultFS", "file:///");
    conf.set("mapred.local.dir", dir.resolve("local").toString());
    conf.set(MRJobConfig.STAGING_DIR, dir.resolve("staging").toString());
    return conf;
  }

  private Path input(String text) throws IOException {
    Path in = dir.resolve("in");
    Files.createDirectories(in);
    Files.writeString(in.resolve("a"), text);
    return in;
  }

  private static String output(Path out) throws IOException {
    StringBuilder b = new StringBuilder();
    try (Stream<Path> files = Files.list(out)) {
      for (Path p : files.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
        b.append(Files.readString(p));
      }
    }
    return b.toString();
  }

  @Test
  void mapsAndReducesReadTheSecretKeyAndTokenTheJobAdded() throws Exception {
    String secret = "s-" + UUID.randomUUID();
    String password = "p-" + UUID.randomUUID();
    Path out = dir.resolve("out");
    Job job = Job.getInstance(conf(), "secrets");
    job.setMapperClass(SecretMapper.class);
    job.setReducerClass(SecretReducer.class);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(Text.class);
    job.setNumReduceTasks(1);
    FileInputFormat.addInputPath(job, input("one\ntwo\n").toString());
    FileOutputFormat.setOutputPath(job, out.toString());
    job.getCredentials().addSecretKey(SECRET, secret.getBytes(StandardCharsets.UTF_8));
    job.getCredentials().addToken(TOKEN, new Token<>(new byte[] {1}, password.getBytes(StandardCharsets.UTF_8),
        new Text("APP"), new Text("app:1")));
    assertTrue(job.waitForCompletion(false), job.getFailureInfo());
    assertEquals(secret + "|" + secret + "\t" + password + "\n", output(out));
  }

  @Test
  void anOldApiMapperReadsTheSecretFromItsJobConf() throws Exception {
    String secret = "old-" + UUID.randomUUID();
    Path out = dir.resolve("old-out");
    JobConf job = new JobConf(conf());
    job.setMapperClass(OldSecretMapper.class);
    job.setNumReduceTasks(0);
    job.setOutputKeyClass(NullWritable.class);
    job.setOutputValueClass(Text.class);
    io.quern.mapred.FileInputFormat.setInputPaths(job, new io.quern.fs.Path(input("x\ny\n").toString()));
    io.quern.mapred.FileOutputFormat.setOutputPath(job, new io.quern.fs.Path(out.toString()));
    job.getCredentials().addSecretKey(SECRET, secret.getBytes(StandardCharsets.UTF_8));
    assertTrue(JobClient.runJob(job).isSuccessful());
    assertEquals(secret + "\n" + secret + "\n", output(out));
  }
}
