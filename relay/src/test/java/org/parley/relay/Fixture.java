package org.parley.relay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.transport.MsrpTransport;

/** Relays on 127.0.0.1 with ephemeral ports and a users file, and a transport for clients. */
final class Fixture implements AutoCloseable {
  static final String REALM = "relay.test";
  static final String ALICE_PW = "alice-secret";
  static final String BOB_PW = "bob-secret";
  static final String CAROL_PW = "carol: with a colon";

  final Path dir;
  final Path users;
  final MsrpTransport clients = MsrpTransport.builder().threads(2).build();
  private final List<Relay> relays = new ArrayList<>();
  private final List<TestClient> open = new ArrayList<>();

  Fixture(Path dir) throws IOException {
    this.dir = dir;
    this.users = dir.resolve("users.htdigest");
    Files.writeString(
        users,
        "# test users\n"
            + HtdigestUserStore.line("alice", REALM, ALICE_PW)
            + "\n"
            + HtdigestUserStore.line("bob", REALM, BOB_PW)
            + "\n"
            + HtdigestUserStore.line("carol", REALM, CAROL_PW)
            + "\n");
  }

  /**
   * A plain-TCP relay with two event loops (so that connections cross threads). Its hops to other
   * relays may be plain too: these relays have no certificates ({@code NextHopPolicyTest} shows the
   * default).
   */
  RelayConfig.Builder config() {
    return RelayConfig.builder()
        .listen(MsrpUri.parse("msrp://127.0.0.1:0;tcp"))
        .users(users)
        .realm(REALM)
        .threads(2)
        .nextHopPolicy(NextHopPolicy.DEFAULT.withRelaysOverTls(false));
  }

  Relay relay() throws IOException {
    return relay(b -> b);
  }

  Relay relay(UnaryOperator<RelayConfig.Builder> change) throws IOException {
    Relay r = Relay.start(change.apply(config()).build());
    relays.add(r);
    return r;
  }

  TestClient client(Relay r) {
    TestClient c = TestClient.connect(clients, r.uri());
    open.add(c);
    return c;
  }

  @Override
  public void close() {
    for (TestClient c : open) {
      c.connection.close();
    }
    for (Relay r : relays) {
      r.close();
    }
    clients.close();
  }
}
