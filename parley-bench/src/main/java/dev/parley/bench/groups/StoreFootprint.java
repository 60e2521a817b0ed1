package dev.parley.bench.groups;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompactRangeOptions;
import org.rocksdb.CompactRangeOptions.BottommostLevelCompaction;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * What a stopped server's store directory holds, measured twice.
 *
 * <p><b>As left</b>: the apparent size of its SST files and of its write-ahead log ({@code *.log})
 * right after the server stopped; a step's growth is counted from the compacted state the previous
 * measurement left ({@link #afterCompaction}). The server does not flush on shutdown, so what it
 * wrote since the last flush is in the log, once per write (overwritten and deleted rows included):
 * the write volume.
 *
 * <p><b>Compacted</b>: the bench then opens the database itself, flushes every column family and
 * compacts it fully (bottommost level included), without compression but with the server's bloom
 * filters (10 bits per key), and reads each family's live SST bytes and counts its keys. Compaction
 * drops overwritten values and deletions, so this is what the data costs at rest before compression
 * (the server compresses older levels with LZ4, which message bodies of ciphertext would not
 * shrink).
 */
record StoreFootprint(Files asLeft, Files afterCompaction, Map<String, Family> families) {

  /** One column family, compacted. */
  record Family(long bytes, long keys) {}

  /** Apparent sizes of the SST files and the write-ahead log files in the directory. */
  record Files(long sst, long wal) {
    long total() {
      return sst + wal;
    }

    static Files in(Path dir) throws IOException {
      long sst = 0;
      long wal = 0;
      try (Stream<Path> files = java.nio.file.Files.list(dir)) {
        for (Path f : files.toList()) {
          String name = f.getFileName().toString();
          if (name.endsWith(".sst")) {
            sst += java.nio.file.Files.size(f);
          } else if (name.endsWith(".log")) {
            wal += java.nio.file.Files.size(f);
          }
        }
      }
      return new Files(sst, wal);
    }
  }

  static StoreFootprint measure(Path dir) throws IOException, RocksDBException {
    Files asLeft = Files.in(dir);
    Map<String, Family> families = compacted(dir);
    return new StoreFootprint(asLeft, Files.in(dir), families);
  }

  private static Map<String, Family> compacted(Path dir) throws RocksDBException {
    RocksDB.loadLibrary();
    List<byte[]> names;
    try (Options options = new Options()) {
      names = RocksDB.listColumnFamilies(options, dir.toString());
    }
    Map<String, Family> families = new LinkedHashMap<>();
    try (BloomFilter bloom = new BloomFilter(10, false);
        ColumnFamilyOptions cf =
            new ColumnFamilyOptions()
                .setCompressionType(CompressionType.NO_COMPRESSION)
                .setTableFormatConfig(new BlockBasedTableConfig().setFilterPolicy(bloom));
        DBOptions db = new DBOptions();
        FlushOptions flush = new FlushOptions().setWaitForFlush(true);
        CompactRangeOptions full =
            new CompactRangeOptions()
                .setBottommostLevelCompaction(BottommostLevelCompaction.kForce)) {
      List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
      for (byte[] name : names) {
        descriptors.add(new ColumnFamilyDescriptor(name, cf));
      }
      List<ColumnFamilyHandle> handles = new ArrayList<>();
      try (RocksDB rocks = RocksDB.open(db, dir.toString(), descriptors, handles)) {
        try {
          rocks.flush(flush, handles);
          for (int i = 0; i < handles.size(); i++) {
            ColumnFamilyHandle h = handles.get(i);
            rocks.compactRange(h, null, null, full);
            long bytes = rocks.getLongProperty(h, "rocksdb.live-sst-files-size");
            families.put(
                new String(names.get(i), StandardCharsets.UTF_8),
                new Family(bytes, keys(rocks, h)));
          }
        } finally {
          // Before the database closes: a handle outliving it is freed twice.
          handles.forEach(ColumnFamilyHandle::close);
        }
      }
    }
    return families;
  }

  private static long keys(RocksDB rocks, ColumnFamilyHandle h) {
    long n = 0;
    try (RocksIterator it = rocks.newIterator(h)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        n++;
      }
    }
    return n;
  }

  long compactedBytes() {
    return families.values().stream().mapToLong(Family::bytes).sum();
  }
}
