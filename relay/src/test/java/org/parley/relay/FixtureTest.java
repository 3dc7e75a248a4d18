package org.parley.relay;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A test class with a {@link Fixture} started before each test and closed after it. */
abstract class FixtureTest {
  @TempDir Path dir;
  Fixture fx;

  @BeforeEach
  void startFixture() throws Exception {
    fx = new Fixture(dir);
  }

  @AfterEach
  void closeFixture() {
    fx.close();
  }
}
