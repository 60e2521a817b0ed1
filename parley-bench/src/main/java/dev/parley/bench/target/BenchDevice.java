package dev.parley.bench.target;

/** A logged-in device the load connects as. */
public record BenchDevice(
    String handle, String deviceName, String userId, String deviceId, String token) {

  String tsv() {
    return String.join("\t", handle, deviceName, userId, deviceId, token);
  }

  static BenchDevice fromTsv(String line) {
    String[] f = line.split("\t");
    return new BenchDevice(f[0], f[1], f[2], f[3], f[4]);
  }
}
