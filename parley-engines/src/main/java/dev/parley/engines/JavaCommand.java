package dev.parley.engines;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Command lines for engines that run in their own JVM, on the same Java that runs this code. */
final class JavaCommand {
  private JavaCommand() {}

  static List<String> of(
      List<String> jvmOptions, String classpath, String mainClass, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(javaExecutable());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass);
    command.addAll(args);
    return command;
  }

  /**
   * The engines need Java 17 (Cassandra 5.0 refuses newer ones), so {@code PARLEY_ENGINE_JAVA_HOME}
   * may point elsewhere when the build itself runs on a later JDK.
   */
  static String javaExecutable() {
    String home =
        System.getenv().getOrDefault("PARLEY_ENGINE_JAVA_HOME", System.getProperty("java.home"));
    return Path.of(home, "bin", "java").toString();
  }
}
