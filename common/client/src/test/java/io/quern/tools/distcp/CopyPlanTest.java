package io.quern.tools.distcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.fs.FileStatus;
import io.quern.fs.Path;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CopyPlanTest {
  @TempDir
  java.nio.file.Path dir;

  static CopyEntry file(String name, long len) {
    return new CopyEntry(false, len, new Path("qfs:///src/" + name), new Path("qfs:///dst/" + name));
  }

  static long bytes(List<CopyEntry> share) {
    return share.stream().mapToLong(CopyEntry::length).sum();
  }

  @Test
  void sharesAreBalancedByBytesAndHoldEveryEntryOnce() {
    Random r = new Random(7);
    List<CopyEntry> entries = new ArrayList<>();
    entries.add(new CopyEntry(true, 0, new Path("qfs:///src"), new Path("qfs:///dst")));
    long total = 0;
    long largest = 0;
    for (int i = 0; i < 200; i++) {
      long len = r.nextInt(1_000_000);
      total += len;
      largest = Math.max(largest, len);
      entries.add(file("f" + i, len));
    }
    List<List<CopyEntry>> shares = CopyPlan.split(entries, 7);
    assertEquals(7, shares.size());
    assertTrue(shares.get(0).get(0).directory(), "directories come first, in the first share");
    assertEquals(Set.copyOf(entries), shares.stream().flatMap(List::stream).collect(Collectors.toSet()));
    assertEquals(entries.size(), shares.stream().mapToInt(List::size).sum());
    long max = shares.stream().mapToLong(CopyPlanTest::bytes).max().orElseThrow();
    long min = shares.stream().mapToLong(CopyPlanTest::bytes).min().orElseThrow();
    assertTrue(max - min <= largest, "max " + max + " min " + min + " largest file " + largest);
    assertTrue(max <= total / 7 + largest);
  }

  @Test
  void oneBigFileAndManySmallOnesGetTheirOwnMaps() {
    List<CopyEntry> entries = new ArrayList<>(List.of(file("big", 1000)));
    for (int i = 0; i < 10; i++) {
      entries.add(file("s" + i, 100));
    }
    List<List<CopyEntry>> shares = CopyPlan.split(entries, 2);
    List<Long> sizes = shares.stream().map(CopyPlanTest::bytes).sorted(Comparator.reverseOrder()).toList();
    assertEquals(List.of(1000L, 1000L), sizes);
  }

  @Test
  void fewerFilesThanMapsMeansFewerMapsAndNoEmptyShare() {
    List<List<CopyEntry>> shares = CopyPlan.split(List.of(file("a", 5), file("b", 0)), 10);
    assertEquals(2, shares.size());
    assertFalse(shares.stream().anyMatch(List::isEmpty));
    List<CopyEntry> onlyDir = List.of(new CopyEntry(true, 0, new Path("qfs:///e"), new Path("qfs:///f")));
    assertEquals(List.of(onlyDir), CopyPlan.split(onlyDir, 4));
    assertEquals(List.of(), CopyPlan.split(List.of(), 4));
    assertThrows(IllegalArgumentException.class, () -> CopyPlan.split(onlyDir, 0));
  }

  @Test
  void updateCopiesOnlyWhatDiffersInLengthAndTheDefaultSkipsExistingTargets() {
    FileStatus same = new FileStatus(10, false, 1, 1 << 20, 0, "u", new Path("/t"));
    FileStatus other = new FileStatus(11, false, 1, 1 << 20, 0, "u", new Path("/t"));
    assertFalse(CopyDecision.shouldCopy(10, same, CopyDecision.Mode.UPDATE));
    assertTrue(CopyDecision.shouldCopy(10, other, CopyDecision.Mode.UPDATE));
    assertTrue(CopyDecision.shouldCopy(10, null, CopyDecision.Mode.UPDATE));
    assertTrue(CopyDecision.shouldCopy(10, same, CopyDecision.Mode.OVERWRITE));
    assertFalse(CopyDecision.shouldCopy(10, other, CopyDecision.Mode.SKIP_EXISTING));
    assertTrue(CopyDecision.shouldCopy(10, null, CopyDecision.Mode.SKIP_EXISTING));
  }

  @Test
  void aListLineSurvivesNamesWithTabsAndSpaces() {
    CopyEntry e = new CopyEntry(false, 42, new Path("qfs://nn:9000/a b/c\td"), new Path("file:///x/y %z"));
    assertEquals(e, CopyEntry.parse(e.toLine()));
    assertEquals(4, e.toLine().split("\t").length);
    assertThrows(IllegalArgumentException.class, () -> CopyEntry.parse("X\t1\ta\tb"));
  }

  @Test
  void aSourceDirectoryGoesUnderAnExistingDestinationAndItsContentsIntoItWithUpdate() throws Exception {
    Files.createDirectories(dir.resolve("src/sub"));
    Files.writeString(dir.resolve("src/a"), "aaa");
    Files.writeString(dir.resolve("src/sub/b"), "");
    Files.createDirectories(dir.resolve("dst"));
    Configuration conf = new Configuration();
    Path src = new Path("file://" + dir.resolve("src"));
    Path dst = new Path("file://" + dir.resolve("dst"));
    List<String> plain = CopyListing.build(conf, List.of(src), dst, false).stream()
        .map(e -> (e.directory() ? "D " : "F ") + e.length() + " " + e.target().toUri().getPath()).sorted().toList();
    String d = dir.resolve("dst").toString();
    assertEquals(List.of("D 0 " + d + "/src", "D 0 " + d + "/src/sub", "F 0 " + d + "/src/sub/b",
        "F 3 " + d + "/src/a"), plain);
    List<String> update = CopyListing.build(conf, List.of(src), dst, true).stream()
        .map(e -> e.target().toUri().getPath()).sorted().toList();
    assertEquals(List.of(d, d + "/a", d + "/sub", d + "/sub/b"), update);
    assertThrows(java.io.FileNotFoundException.class,
        () -> CopyListing.build(conf, List.of(new Path("file://" + dir.resolve("nope"))), dst, false));
  }
}
