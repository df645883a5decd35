package io.scimlab.benchmarks;

import java.util.Objects;

/**
 * JUnit-free sanity checks that each benchmark's @Setup runs once on the real inputs, so that a benchmark
 * which silently does nothing (or the wrong thing) fails at start-up instead of reporting a fast number.
 */
final class Checks {

  private Checks() {
  }

  static void check(boolean condition, String what) {
    if (!condition) {
      throw new IllegalStateException("benchmark sanity check failed: " + what);
    }
  }

  static void checkEquals(Object expected, Object actual, String what) {
    if (!Objects.equals(expected, actual)) {
      throw new IllegalStateException(
          "benchmark sanity check failed: " + what + ": expected <" + expected + "> but was <" + actual + ">");
    }
  }
}
