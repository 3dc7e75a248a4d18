package org.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@link ProgressBar}: the pure line, units, and what the printer writes where. */
class ProgressBarTest {
  private static final long SECOND = 1_000_000_000L;
  private static final long MIB = 1L << 20;

  @Test
  void aKnownTotalShowsPercentBarBytesRateAndTimeLeft() {
    String line = ProgressBar.render(25 * MIB, 100 * MIB, 5 * SECOND, 80);
    assertThat(line)
        .isEqualTo(
            " 25% [#######......................]  25.0 MiB / 100.0 MiB  5.0 MiB/s"
                + "  0:15 left");
    assertThat(line).hasSize(80);
  }

  @Test
  void theEndIsAFullBarAndDone() {
    assertThat(ProgressBar.render(1024, 1024, SECOND, 50))
        .isEqualTo("100% [#######]  1.0 KiB / 1.0 KiB  1.0 KiB/s  done")
        .hasSize(50);
  }

  @Test
  void aNarrowLineLeavesTheBarOut() {
    assertThat(ProgressBar.render(512, 2048, SECOND, 30))
        .isEqualTo("25%  512 B / 2.0 KiB  512 B/s  0:03 left");
  }

  @Test
  void anUnknownTotalShowsBytesAndRateOnly() {
    assertThat(ProgressBar.render(12 * MIB, -1, 4 * SECOND, 80)).isEqualTo("12.0 MiB  3.0 MiB/s");
  }

  @Test
  void anEmptyFileIsDoneAtOnce() {
    assertThat(ProgressBar.render(0, 0, 0, 40)).startsWith("100% [").endsWith("-- B/s  done");
  }

  @Test
  void nothingMovedYetHasNoRateOrTimeLeft() {
    assertThat(ProgressBar.render(0, 1000, SECOND, 0))
        .isEqualTo("0%  0 B / 1000 B  0 B/s  --:-- left");
  }

  @Test
  void aResumedTransferCountsItsRateFromWhereItStarted() {
    assertThat(ProgressBar.render(60 * MIB, 100 * MIB, 50 * MIB, 10 * SECOND, 0))
        .isEqualTo("60%  60.0 MiB / 100.0 MiB  1.0 MiB/s  0:40 left");
  }

  @Test
  void unitsAndClock() {
    assertThat(ProgressBar.human(0)).isEqualTo("0 B");
    assertThat(ProgressBar.human(1023)).isEqualTo("1023 B");
    assertThat(ProgressBar.human(1536)).isEqualTo("1.5 KiB");
    assertThat(ProgressBar.human(1L << 30)).isEqualTo("1.0 GiB");
    assertThat(ProgressBar.human(Long.MAX_VALUE)).isEqualTo("8.0 EiB");
    assertThat(ProgressBar.clock(5)).isEqualTo("0:05");
    assertThat(ProgressBar.clock(3_725)).isEqualTo("1:02:05");
  }

  @Test
  void offATerminalOnlyTheFinalLineIsPrinted() {
    StringWriter out = new StringWriter();
    ProgressBar bar = new ProgressBar(new PrintWriter(out), false, 60);
    bar.update(10, 100);
    bar.update(50, 100);
    assertThat(out.toString()).isEmpty();
    bar.finish(100, 100);
    bar.finish(100, 100);
    String[] lines = out.toString().split(System.lineSeparator());
    assertThat(lines).hasSize(1);
    assertThat(lines[0]).startsWith("100% [").endsWith("done").doesNotContain("\r");
  }

  @Test
  void onATerminalTheLineIsRedrawnInPlaceAndEndedOnce() {
    StringWriter out = new StringWriter();
    ProgressBar bar = new ProgressBar(new PrintWriter(out), true, 60);
    bar.update(10, 100); // the first update draws at once
    bar.update(20, 100); // within 100 ms of it: skipped
    assertThat(out.toString()).startsWith("\r 10% [").doesNotContain("\n");
    assertThat(out.toString().split("\r", -1)).hasSize(2);
    bar.finish(100, 100);
    assertThat(out.toString()).contains("\r100% [").endsWith(System.lineSeparator());
  }

  @Test
  void aFailedTransferEndsTheBarLine() {
    StringWriter out = new StringWriter();
    ProgressBar bar = new ProgressBar(new PrintWriter(out), true, 60);
    bar.update(10, 100);
    bar.abandon();
    bar.finish(100, 100);
    assertThat(out.toString()).endsWith(System.lineSeparator()).doesNotContain("100%");
  }
}
