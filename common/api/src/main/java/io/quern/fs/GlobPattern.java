package io.quern.fs;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One path component of a shell-style glob, as Hadoop's shell accepts them: {@code *},
 * {@code ?}, {@code [abc]}, {@code [a-z]}, {@code [^a]} and {@code {x,y}}.
 */
final class GlobPattern {
  private final Pattern regex;

  GlobPattern(String glob) {
    StringBuilder re = new StringBuilder();
    int braces = 0;
    boolean inClass = false;
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (inClass) {
        if (c == ']') {
          inClass = false;
        }
        re.append(c == '\\' ? "\\\\" : String.valueOf(c));
        continue;
      }
      switch (c) {
        case '*' -> re.append("[^/]*");
        case '?' -> re.append("[^/]");
        case '[' -> {
          inClass = true;
          re.append('[');
          if (i + 1 < glob.length() && (glob.charAt(i + 1) == '^' || glob.charAt(i + 1) == '!')) {
            re.append('^');
            i++;
          }
        }
        case '{' -> {
          braces++;
          re.append("(?:");
        }
        case '}' -> {
          if (braces == 0) {
            throw new IllegalArgumentException("unbalanced '}' in glob " + glob);
          }
          braces--;
          re.append(')');
        }
        case ',' -> re.append(braces > 0 ? "|" : ",");
        case '\\' -> {
          if (i + 1 < glob.length()) {
            re.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
          }
        }
        default -> re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    if (inClass || braces != 0) {
      throw new IllegalArgumentException("unbalanced '[' or '{' in glob " + glob);
    }
    try {
      this.regex = Pattern.compile(re.toString());
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("bad glob " + glob + ": " + e.getDescription());
    }
  }

  static boolean hasWildcard(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '*' || c == '?' || c == '[' || c == '{') {
        return true;
      }
    }
    return false;
  }

  boolean matches(String name) {
    return regex.matcher(name).matches();
  }
}
