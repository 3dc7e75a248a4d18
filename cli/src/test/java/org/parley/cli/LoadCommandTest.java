package org.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.cli.MsrpCommandsTest.field;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code parley load} in its direct mode: pairs in-process over real sockets on 127.0.0.1. */
class LoadCommandTest {
  private static String[] run(String... args) {
    CommandLine cmd = Parley.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int code = cmd.execute(args);
    return new String[] {Integer.toString(code), out.toString().trim(), err.toString().trim()};
  }

  @Test
  void aDirectRunDeliversEveryMessageAndReportsLatencies() {
    String[] r =
        run(
            "load",
            "--pairs",
            "3",
            "--messages",
            "40",
            "--size",
            "5000",
            "--chunk-size",
            "2048",
            "--window",
            "4",
            "--json");
    assertThat(r[0]).as(r[2]).isEqualTo("0");
    String json = r[1];
    assertThat(field(json, "sent")).isEqualTo("120");
    assertThat(field(json, "delivered")).isEqualTo("120");
    assertThat(field(json, "errors")).isEqualTo("0");
    assertThat(Double.parseDouble(field(json, "delivery_p99_ms"))).isPositive();
    assertThat(Double.parseDouble(field(json, "send_200_p50_ms"))).isPositive();
  }

  @Test
  void theReceiversListenWhereToldAndSendersGoWhereVia() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    // --via names the listener itself here; with a forwarder it would name the forwarder.
    String at = "127.0.0.1:" + port;
    String[] r =
        run("load", "--pairs", "2", "--messages", "5", "--listen", at, "--via", at, "--json");
    assertThat(r[0]).as(r[2]).isEqualTo("0");
    assertThat(field(r[1], "delivered")).isEqualTo("10");
  }

  @Test
  void aTargetRateIsKept() {
    // 30 messages at 1,000/s cannot take less than 29 ms: the rate paces the sends.
    String[] r = run("load", "--pairs", "2", "--messages", "15", "--rate", "1000", "--json");
    assertThat(r[0]).as(r[2]).isEqualTo("0");
    assertThat(Double.parseDouble(field(r[1], "seconds"))).isGreaterThanOrEqualTo(0.029);
  }

  @Test
  void badInputIsRefusedWithExitCode2() {
    assertThat(run("load", "--pairs", "0")[0]).isEqualTo("2");
    assertThat(run("load", "--relay", "msrp://127.0.0.1:9;tcp")[2]).contains("--relay-auth");
    assertThat(run("load", "--relay", "not a uri", "--auth", "a:b")[0]).isEqualTo("2");
    assertThat(run("load", "--relay-b", "msrp://127.0.0.1:9;tcp")[0]).isEqualTo("2");
  }
}
