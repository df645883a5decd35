package io.scimlab.benchmarks;

/** JVM-wide settings for the benchmark mains that run the fake GitLab. */
public final class FakeGitLabJvm {
  private FakeGitLabJvm() {
  }

  /**
   * Turns on TCP_NODELAY for the JDK's HTTP server, which the fake GitLab runs on: without it each of its responses
   * waits about 40 ms for the client's delayed ACK (see {@code FakeGitLab}). The JDK reads the property once, when
   * its first HTTP server starts, so a main calls this first. Library code never does: a main owns its JVM.
   */
  public static void tcpNoDelay() {
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }
}
