package io.quern.examples;

import io.quern.conf.Configuration;
import io.quern.conf.Configured;
import io.quern.io.IntWritable;
import io.quern.io.LongWritable;
import io.quern.io.Text;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.MRJobConfig;
import io.quern.mapreduce.Mapper;
import io.quern.mapreduce.lib.input.FileInputFormat;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import io.quern.util.Tool;
import io.quern.util.ToolRunner;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringTokenizer;
import java.util.regex.Pattern;

/**
 * The word count of Hadoop's MapReduce tutorial, version 2: {@code wordcount2
 * [-Dwordcount.case.sensitive=false] IN OUT [-skip PATTERNS]}. Without case sensitivity words
 * are counted in lower case; {@code -skip} names a file of regular expressions, one a line,
 * whose matches are removed from every line before it is split into words. The file travels
 * with the job through the distributed cache ({@code Job.addCacheFile}): a path of the DFS, or
 * {@code file:} one on this host, which the client uploads; each map reads it in its setup from
 * its working directory, under the name its cache entry gives it. Counts the words it saw
 * ({@code INPUT_WORDS}).
 */
public class WordCount2 extends Configured implements Tool {
  public static final String CASE_SENSITIVE = "wordcount.case.sensitive";
  public static final String SKIP_PATTERNS = "wordcount.skip.patterns";

  /** The counter of words the maps saw. */
  public enum CountersEnum { INPUT_WORDS }

  public static class TokenizerMapper extends Mapper<LongWritable, Text, Text, IntWritable> {
    private static final IntWritable ONE = new IntWritable(1);
    private final Text word = new Text();
    private final List<Pattern> skip = new ArrayList<>();
    private boolean caseSensitive;

    @Override
    protected void setup(Context context) throws IOException, InterruptedException {
      Configuration conf = context.getConfiguration();
      caseSensitive = ExampleKeys.WORDCOUNT_CASE_SENSITIVE.getBoolean(conf);
      if (!ExampleKeys.WORDCOUNT_SKIP_PATTERNS.getBoolean(conf)) {
        return;
      }
      // The cache files are linked into the task's working directory, each under its #name
      // (else its own name); the JVM's current directory is shared with the job's other tasks.
      Path work = Path.of(conf.get(MRJobConfig.TASK_WORK_DIR));
      for (URI uri : context.getCacheFiles()) {
        String name = uri.getFragment() != null ? uri.getFragment() : new io.quern.fs.Path(uri.getPath()).getName();
        readPatterns(work.resolve(name));
      }
    }

    private void readPatterns(Path file) throws IOException {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          skip.add(Pattern.compile(caseSensitive ? line : line.toLowerCase(Locale.ROOT)));
        }
      }
    }

    @Override
    protected void map(LongWritable key, Text value, Context context) throws IOException, InterruptedException {
      String line = caseSensitive ? value.toString() : value.toString().toLowerCase(Locale.ROOT);
      for (Pattern p : skip) {
        line = p.matcher(line).replaceAll("");
      }
      StringTokenizer words = new StringTokenizer(line);
      while (words.hasMoreTokens()) {
        word.set(words.nextToken());
        context.write(word, ONE);
        context.getCounter(CountersEnum.class.getName(), CountersEnum.INPUT_WORDS.toString()).increment(1);
      }
    }
  }

  @Override
  public int run(String[] args) throws Exception {
    Job job = Job.getInstance(getConf(), "word count 2");
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("-skip") && i + 1 < args.length) {
        job.addCacheFile(new io.quern.fs.Path(args[++i]).toUri());
        job.getConfiguration().setBoolean(SKIP_PATTERNS, true);
      } else {
        paths.add(args[i]);
      }
    }
    if (paths.size() != 2) {
      System.err.println("Usage: wordcount2 [-Dwordcount.case.sensitive=false] <in> <out> [-skip skipPatternFile]");
      return 2;
    }
    job.setJarByClass(WordCount2.class);
    job.setMapperClass(TokenizerMapper.class);
    job.setCombinerClass(WordCount.IntSumReducer.class);
    job.setReducerClass(WordCount.IntSumReducer.class);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(IntWritable.class);
    FileInputFormat.addInputPath(job, paths.get(0));
    FileOutputFormat.setOutputPath(job, paths.get(1));
    return job.waitForCompletion(true) ? 0 : 1;
  }

  public static void main(String[] args) throws Exception {
    System.exit(ToolRunner.run(new WordCount2(), args));
  }

}
