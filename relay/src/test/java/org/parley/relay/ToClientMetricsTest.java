package org.parley.relay;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.MsrpMethod;
import org.parley.msrp.MsrpRequest;
import org.parley.msrp.MsrpUri;

/**
 * {@code parley_relay_bytes_total{direction="to_client"}}, scraped from {@code /metrics} over HTTP:
 * a message from one client of the relay to another counts the bytes written to the receiving
 * client, as well as those its sender sent out ({@code from_client}).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ToClientMetricsTest extends FixtureTest {
  @Test
  void aMessageBetweenTwoClientsCountsItsBytesToAClient() throws Exception {
    Relay r = fx.relay(c -> c.metrics(new InetSocketAddress("127.0.0.1", 0)));
    TestClient alice = fx.client(r);
    TestClient bob = fx.client(r);
    List<MsrpUri> a = alice.usePath(r.uri(), "alice", Fixture.ALICE_PW);
    List<MsrpUri> b = bob.usePath(r.uri(), "bob", Fixture.BOB_PW);
    String text = "Hello Bob, through the relay";
    int n = text.getBytes(UTF_8).length;

    MsrpRequest s =
        RelayRoutingTest.send(RelayRoutingTest.path(a, b.get(0), bob.self), alice.self, text);
    alice.send(s, text.getBytes(UTF_8), ContinuationFlag.END);
    TestClient.Frame got = bob.nextRequest(MsrpMethod.SEND);
    assertThat(new String(got.body(), UTF_8)).isEqualTo(text);

    // Counted before the write anyone could see: Bob has it, so the metrics show it.
    String metrics = scrape(r);
    assertThat(metrics)
        .contains("parley_relay_bytes_total{direction=\"to_client\"} " + n + "\n")
        .contains("parley_relay_bytes_total{direction=\"from_client\"} " + n + "\n")
        .contains("parley_relay_chunks_total{direction=\"to_client\"} 1\n")
        .contains("parley_relay_messages_total{direction=\"to_client\"} 1\n");
  }

  private static String scrape(Relay r) throws Exception {
    HttpResponse<String> m =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + r.metricsAddress().getPort() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(m.statusCode()).isEqualTo(200);
    return m.body();
  }
}
