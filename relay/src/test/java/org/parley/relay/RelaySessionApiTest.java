package org.parley.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.session.IncomingMessage;
import org.parley.msrp.session.MsrpSession;
import org.parley.msrp.session.MsrpStack;
import org.parley.msrp.session.RelayBinding;
import org.parley.msrp.session.SessionListener;

/** Endpoints through Parley's relay with msrp-core's session API (client-side AUTH). */
class RelaySessionApiTest {
  @TempDir Path dir;

  private static final class Inbox implements SessionListener {
    final CompletableFuture<IncomingMessage> done = new CompletableFuture<>();

    @Override
    public void completed(MsrpSession s, IncomingMessage m, boolean aborted) {
      done.complete(m);
    }
  }

  @Test
  void aPassiveSessionClosingKeepsTheAuthenticatedConnectionForTheNextOne() throws Exception {
    try (Fixture f = new Fixture(dir);
        MsrpStack alice = MsrpStack.builder().build();
        MsrpStack bob = MsrpStack.builder().build()) {
      Relay relay = f.relay();
      MsrpUri aliceUri = MsrpUri.parse("msrp://127.0.0.1:9/alice1;tcp");
      MsrpUri bobUri = MsrpUri.parse("msrp://127.0.0.1:9/bob1;tcp");
      RelayBinding a =
          alice
              .authenticate(relay.uri(), aliceUri, "alice", Fixture.ALICE_PW, null, null)
              .get(20, TimeUnit.SECONDS);
      RelayBinding b =
          bob.authenticate(relay.uri(), bobUri, "bob", Fixture.BOB_PW, null, null)
              .get(20, TimeUnit.SECONDS);

      for (int i = 0; i < 3; i++) {
        // Bob's session is bound by Alice's request over Bob's AUTH connection, then ends.
        MsrpUri bobSession = MsrpUri.parse("msrp://127.0.0.1:9/bob1s" + i + ";tcp");
        Inbox inbox = new Inbox();
        MsrpSession bs = bob.session(bobSession, inbox);
        MsrpSession as =
            alice.session(
                MsrpUri.parse("msrp://127.0.0.1:9/alice1s" + i + ";tcp"), new SessionListener() {});
        as.relays(a.usePath());
        as.remotePath(b.pathTo(bobSession));
        as.connect(null).get(20, TimeUnit.SECONDS);
        as.send("text/plain", ("hello " + i).getBytes(StandardCharsets.UTF_8))
            .get(20, TimeUnit.SECONDS);
        assertThat(inbox.done.get(20, TimeUnit.SECONDS).received()).isEqualTo(7);
        bs.close();
        as.close();
        // Bob's binding lives on his AUTH connection: it must still be open for the next round.
      }
    }
  }
}
