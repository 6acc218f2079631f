package io.quern.master;

import io.quern.mapreduce.SplitInfo;
import io.quern.protocol.mapred.JobSpec;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/** An explicit binary form of a {@link JobSpec} for the staging directory (not Java serialization). */
final class JobSpecCodec {
  /** 2 adds the job's credentials after the splits; a spec of version 1 (no credentials) still reads. */
  private static final int VERSION = 2;

  private JobSpecCodec() {}

  static void write(JobSpec s, OutputStream raw) throws IOException {
    DataOutputStream out = new DataOutputStream(raw);
    out.writeInt(VERSION);
    out.writeUTF(s.jobId());
    out.writeUTF(s.name());
    out.writeUTF(s.user());
    out.writeInt(s.priority());
    bytes(out, s.confXml());
    out.writeUTF(s.jarPath() == null ? "" : s.jarPath());
    out.writeUTF(s.stagingDir());
    out.writeInt(s.numReduces());
    out.writeInt(s.splits().size());
    for (SplitInfo split : s.splits()) {
      out.writeInt(split.index());
      out.writeUTF(split.splitClass());
      bytes(out, split.split());
      out.writeLong(split.length());
      out.writeInt(split.hosts().size());
      for (String h : split.hosts()) {
        out.writeUTF(h);
      }
    }
    bytes(out, s.credentials());
    out.flush();
  }

  static JobSpec read(InputStream raw) throws IOException {
    DataInputStream in = new DataInputStream(raw);
    int version = in.readInt();
    if (version != 1 && version != VERSION) {
      throw new IOException("job spec of version " + version + "; this master reads versions 1 to " + VERSION);
    }
    String jobId = in.readUTF();
    String name = in.readUTF();
    String user = in.readUTF();
    int priority = in.readInt();
    byte[] conf = bytes(in);
    String jar = in.readUTF();
    String staging = in.readUTF();
    int reduces = in.readInt();
    int n = in.readInt();
    List<SplitInfo> splits = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int index = in.readInt();
      String cls = in.readUTF();
      byte[] data = bytes(in);
      long length = in.readLong();
      int hostCount = in.readInt();
      List<String> hosts = new ArrayList<>(hostCount);
      for (int h = 0; h < hostCount; h++) {
        hosts.add(in.readUTF());
      }
      splits.add(new SplitInfo(index, cls, data, length, hosts));
    }
    byte[] credentials = version >= 2 ? bytes(in) : new byte[0];
    return new JobSpec(jobId, name, user, priority, conf, jar.isEmpty() ? null : jar, staging, splits, reduces,
        credentials);
  }

  private static void bytes(DataOutputStream out, byte[] b) throws IOException {
    out.writeInt(b.length);
    out.write(b);
  }

  private static byte[] bytes(DataInputStream in) throws IOException {
    byte[] b = new byte[in.readInt()];
    in.readFully(b);
    return b;
  }
}
