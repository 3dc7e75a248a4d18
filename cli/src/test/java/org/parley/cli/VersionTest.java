package org.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** {@code parley --version} prints the version the build wrote, not a constant in the code. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class VersionTest {
  @Test
  void theVersionComesFromTheBuild() {
    StringWriter out = new StringWriter();
    CommandLine cmd = Parley.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    assertThat(cmd.execute("--version")).isEqualTo(Parley.OK);
    // Surefire passes the pom's version (cli/pom.xml); the jar's resource was filtered with it.
    String pom = System.getProperty("parley.version");
    assertThat(pom).as("parley.version from the pom").isNotBlank();
    assertThat(out.toString().trim()).isEqualTo("parley " + pom);
  }
}
