package io.quern.mapreduce.lib.map;

import io.quern.io.LongWritable;
import io.quern.io.Text;
import io.quern.mapreduce.Mapper;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Emits (match, 1) for each match of {@value #PATTERN} in the value; {@value #GROUP} picks the group emitted. */
public class RegexMapper<K> extends Mapper<K, Text, Text, LongWritable> {
  public static final String PATTERN = "mapreduce.mapper.regex";
  public static final String GROUP = "mapreduce.mapper.regexmapper..group";
  private static final LongWritable ONE = new LongWritable(1);
  /** With group: written once, by setup on the task's thread. */
  private Pattern pattern;
  private int group;

  @Override
  protected void setup(Context context) {
    String regex = context.getConfiguration().get(PATTERN);
    if (regex == null || regex.isEmpty()) {
      throw new IllegalArgumentException(PATTERN + " is not set: RegexMapper needs the pattern to match");
    }
    try {
      pattern = Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw context.getConfiguration().bad(PATTERN, regex, "a Java regular expression (" + e.getDescription() + ")");
    }
    group = context.getConfiguration().getInt(GROUP, 0);
    if (group < 0 || group > pattern.matcher("").groupCount()) {
      throw context.getConfiguration().bad(GROUP, Integer.toString(group),
          "a group of " + regex + " (0 to " + pattern.matcher("").groupCount() + ")");
    }
  }

  @Override
  protected void map(K key, Text value, Context context) throws IOException, InterruptedException {
    Matcher m = pattern.matcher(value.toString());
    while (m.find()) {
      String match = m.group(group);
      if (match != null) {
        context.write(new Text(match), ONE);
      }
    }
  }
}
