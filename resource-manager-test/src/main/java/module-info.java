/**
 * Fixtures for tests of code that uses resource-manager: a manual ticker and scheduler that drive time by hand, a
 * scripted source, a collecting alert handler, a JUnit 5 extension wiring them to a manager, and a bounded stress
 * generator.
 */
module io.github.resourcemanager.test {
  requires transitive io.github.resourcemanager;
  requires transitive org.junit.jupiter.api;
  requires java.management;
  requires jdk.management;
  requires org.slf4j;
  requires com.fasterxml.jackson.databind;
  requires static org.jspecify;

  exports io.github.resourcemanager.test;
  exports io.github.resourcemanager.test.stress;

  // JUnit instantiates the extension reflectively.
  opens io.github.resourcemanager.test to org.junit.platform.commons;
}
