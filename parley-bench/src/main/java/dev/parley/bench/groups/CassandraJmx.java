package dev.parley.bench.groups;

import com.sun.tools.attach.VirtualMachine;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * What {@code nodetool} would do, over the JMX of a local Cassandra process reached by attaching to
 * its pid: the engines the tests start open no JMX port, and the attach API needs none (same user,
 * same machine).
 */
final class CassandraJmx implements AutoCloseable {
  private static final String STORAGE_SERVICE = "org.apache.cassandra.db:type=StorageService";
  private final JMXConnector connector;
  private final MBeanServerConnection mbeans;

  private CassandraJmx(JMXConnector connector) throws java.io.IOException {
    this.connector = connector;
    this.mbeans = connector.getMBeanServerConnection();
  }

  static CassandraJmx attach(long pid) throws Exception {
    VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
    String address;
    try {
      address = vm.startLocalManagementAgent();
    } finally {
      vm.detach();
    }
    return new CassandraJmx(JMXConnectorFactory.connect(new JMXServiceURL(address)));
  }

  /** Writes every memtable of the keyspace to SSTables; returns when they are written. */
  void flush(String keyspace) throws Exception {
    mbeans.invoke(
        new ObjectName(STORAGE_SERVICE),
        "forceKeyspaceFlush",
        new Object[] {keyspace, new String[0]},
        new String[] {String.class.getName(), String[].class.getName()});
  }

  /**
   * A major compaction of every table of the keyspace into one SSTable each (not split): overwrites
   * are merged, and tombstones older than the table's {@code gc_grace_seconds} dropped. Returns
   * when it is done.
   */
  void compact(String keyspace) throws Exception {
    mbeans.invoke(
        new ObjectName(STORAGE_SERVICE),
        "forceKeyspaceCompaction",
        new Object[] {false, keyspace, new String[0]},
        new String[] {"boolean", String.class.getName(), String[].class.getName()});
  }

  /** Bytes of the table's live SSTables, every component (data, index, filter, statistics). */
  long liveDiskSpaceUsed(String keyspace, String table) throws Exception {
    return ((Number)
            mbeans.getAttribute(tableMetric(keyspace, table, "LiveDiskSpaceUsed"), "Count"))
        .longValue();
  }

  /** Local writes to the keyspace so far: still moving means the node is still writing. */
  long writes(String keyspace) throws Exception {
    return ((Number)
            mbeans.getAttribute(
                new ObjectName(
                    "org.apache.cassandra.metrics:type=Keyspace,keyspace="
                        + keyspace
                        + ",name=WriteLatency"),
                "Count"))
        .longValue();
  }

  private static ObjectName tableMetric(String keyspace, String table, String metric)
      throws JMException {
    return new ObjectName(
        "org.apache.cassandra.metrics:type=Table,keyspace="
            + keyspace
            + ",scope="
            + table
            + ",name="
            + metric);
  }

  @Override
  public void close() throws java.io.IOException {
    connector.close();
  }
}
