package io.quern.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.fs.Path;
import io.quern.io.Text;
import io.quern.mapred.JobConf;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.security.TokenCache;
import io.quern.security.token.Token;
import io.quern.security.token.TokenIdentifier;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A job's credentials: Hadoop's token storage form, copies, and where they never show. */
class CredentialsTest {
  private static Token<TokenIdentifier> token(String ident, String password, String kind, String service) {
    return new Token<>(ident.getBytes(StandardCharsets.UTF_8), password.getBytes(StandardCharsets.UTF_8),
        new Text(kind), new Text(service));
  }

  private static byte[] storage(Credentials c) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    c.writeTokenStorageToStream(new DataOutputStream(b));
    return b.toByteArray();
  }

  private static Credentials read(byte[] bytes) throws IOException {
    Credentials c = new Credentials();
    c.readTokenStorageStream(new DataInputStream(new java.io.ByteArrayInputStream(bytes)));
    return c;
  }

  @Test
  void theTokenStorageFormReadsBackToTheSameBytesKeysAndTokens() throws Exception {
    Credentials c = new Credentials();
    c.addSecretKey(new Text("db.password"), "s3cret".getBytes(StandardCharsets.UTF_8));
    c.addSecretKey(new Text("empty"), new byte[0]);
    byte[] binary = new byte[300];
    for (int i = 0; i < binary.length; i++) {
      binary[i] = (byte) i;
    }
    c.addSecretKey(new Text("binary"), binary);
    Token<TokenIdentifier> dfs = token("owner=alice", "pw1", "QFS_DELEGATION_TOKEN", "nn:9000");
    c.addToken(new Text("nn:9000"), dfs);
    c.addToken(new Text("other"), token("", "", "", ""));
    byte[] bytes = storage(c);

    Credentials back = read(bytes);
    assertArrayEquals(bytes, storage(back), "written again, the same bytes");
    assertArrayEquals(bytes, Credentials.fromTokenStorageBytes(c.toTokenStorageBytes()).toTokenStorageBytes());
    assertEquals(3, back.numberOfSecretKeys());
    assertEquals(2, back.numberOfTokens());
    assertEquals(List.of(new Text("db.password"), new Text("empty"), new Text("binary")), back.getAllSecretKeys());
    assertArrayEquals("s3cret".getBytes(StandardCharsets.UTF_8), back.getSecretKey(new Text("db.password")));
    assertArrayEquals(binary, back.getSecretKey(new Text("binary")));
    assertArrayEquals(new byte[0], back.getSecretKey(new Text("empty")));
    assertEquals(dfs, back.getToken(new Text("nn:9000")));
    assertEquals(List.copyOf(c.getAllTokens()), List.copyOf(back.getAllTokens()));
    assertEquals(new Text("QFS_DELEGATION_TOKEN"), back.getToken(new Text("nn:9000")).getKind());
    assertArrayEquals("pw1".getBytes(StandardCharsets.UTF_8), back.getToken(new Text("nn:9000")).getPassword());
  }

  @Test
  void theBytesAreHadoopsWritableTokenStorage() throws Exception {
    Credentials c = new Credentials();
    c.addToken(new Text("t"), new Token<>(new byte[] {1, 2}, new byte[] {3}, new Text("K"), new Text("S")));
    c.addSecretKey(new Text("k"), "ab".getBytes(StandardCharsets.US_ASCII));
    // HDTS, format 0; one token: alias "t", identifier [1 2], password [3], kind "K", service "S";
    // one key: alias "k", 2 bytes "ab" (laid out by hand from Hadoop's Credentials.write).
    assertEquals("4844545300" + "01" + "0174" + "020102" + "0103" + "014b" + "0153" + "01" + "016b" + "02" + "6162",
        HexFormat.of().formatHex(storage(c)));
  }

  @Test
  void badInputFailsWithOneSentence() {
    IOException header = assertThrows(IOException.class, () -> read("XXXX\0\0\0".getBytes(StandardCharsets.UTF_8)));
    assertEquals("Bad header found in token storage.", header.getMessage());
    IOException protobuf = assertThrows(IOException.class, () -> read(new byte[] {'H', 'D', 'T', 'S', 1}));
    assertTrue(protobuf.getMessage().startsWith("Unknown version 1 in token storage"), protobuf.getMessage());
    byte[] cut = new Credentials().toTokenStorageBytes();
    assertThrows(IOException.class, () -> read(java.util.Arrays.copyOf(cut, cut.length - 1)));
  }

  @Test
  void addAllReplacesAndMergeAllKeeps() {
    Credentials mine = new Credentials();
    mine.addSecretKey(new Text("a"), new byte[] {1});
    Credentials theirs = new Credentials();
    theirs.addSecretKey(new Text("a"), new byte[] {2});
    theirs.addSecretKey(new Text("b"), new byte[] {3});
    Credentials merged = new Credentials(mine);
    merged.mergeAll(theirs);
    assertArrayEquals(new byte[] {1}, merged.getSecretKey(new Text("a")));
    assertArrayEquals(new byte[] {3}, merged.getSecretKey(new Text("b")));
    mine.addAll(theirs);
    assertArrayEquals(new byte[] {2}, mine.getSecretKey(new Text("a")));
    Text alias = new Text("c");
    mine.addSecretKey(alias, new byte[] {4});
    alias.set("changed");
    assertArrayEquals(new byte[] {4}, mine.getSecretKey(new Text("c")), "the alias was copied, not kept");
    mine.removeSecretKey(new Text("c"));
    assertNull(mine.getSecretKey(new Text("c")));
    mine.addToken(new Text("none"), null);
    assertEquals(0, mine.numberOfTokens(), "a null token is ignored");
  }

  @Test
  void aTokenTravelsAsAUrlStringAndNeverPrintsItsPassword() throws Exception {
    Token<TokenIdentifier> t = token("id", "hunter2", "KIND", "svc");
    Token<TokenIdentifier> back = new Token<>();
    back.decodeFromUrlString(t.encodeToUrlString());
    assertEquals(t, back);
    assertFalse(t.toString().contains("hunter2"), t.toString());
    assertNull(t.decodeIdentifier(), "no identifier class is registered for KIND");
    Credentials c = new Credentials();
    c.addSecretKey(new Text("alias"), "topsecret".getBytes(StandardCharsets.UTF_8));
    c.addToken(new Text("tok"), t);
    assertFalse(c.toString().contains("topsecret") || c.toString().contains("hunter2"), c.toString());
  }

  @Test
  void copiesOfAJobsConfigurationShareItsCredentialsAndItsXmlHoldsNone() throws Exception {
    Configuration base = new Configuration(false);
    Job a = Job.getInstance(base);
    Job b = Job.getInstance(base);
    a.getCredentials().addSecretKey(new Text("k"), "only-a".getBytes(StandardCharsets.UTF_8));
    assertNull(b.getCredentials().getSecretKey(new Text("k")), "jobs made from one configuration share nothing");
    assertSame(a.getCredentials(), new Configuration(a.getConfiguration()).getCredentials());
    assertSame(a.getCredentials(), new JobConf(a.getConfiguration()).getCredentials());

    JobConf old = new JobConf(false);
    old.getCredentials().addSecretKey(new Text("k"), "old".getBytes(StandardCharsets.UTF_8));
    assertSame(old.getCredentials(), new JobConf(old).getCredentials(), "as Hadoop's JobConf copies");
    assertSame(old.getCredentials(), Job.getInstance(old).getCredentials());

    ByteArrayOutputStream xml = new ByteArrayOutputStream();
    a.getConfiguration().writeXml(xml);
    assertFalse(xml.toString(StandardCharsets.UTF_8).contains("only-a"));
  }

  @Test
  void tokenCacheChecksItsArgumentsAsHadoopDoes() throws Exception {
    Configuration conf = new Configuration(false);
    Credentials c = new Credentials();
    Path[] paths = {new Path("/out")};
    assertThrows(NullPointerException.class, () -> TokenCache.obtainTokensForNamenodes(null, paths, conf));
    assertThrows(NullPointerException.class, () -> TokenCache.obtainTokensForNamenodes(c, null, conf));
    assertThrows(NullPointerException.class, () -> TokenCache.obtainTokensForNamenodes(c, new Path[] {null}, conf));
    TokenCache.obtainTokensForNamenodes(c, paths, conf);
    assertTrue(c.isEmpty(), "a Quern task needs no NameNode token");
    assertNull(TokenCache.getSecretKey(null, new Text("k")));
    c.addSecretKey(new Text("k"), new byte[] {7});
    assertArrayEquals(new byte[] {7}, TokenCache.getSecretKey(c, new Text("k")));
  }
}
