package org.parley.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.parley.msrp.MsrpUri;
import org.parley.relay.HtdigestUserStore;
import org.parley.relay.Relay;
import org.parley.relay.RelayConfig;

/**
 * Parley's MSRP relay on 127.0.0.1 for the commands' tests, with the accounts {@code
 * alice:alice-secret} and {@code bob:bob-secret}.
 */
final class TestRelay {
  private TestRelay() {}

  /** Starts the relay on a free port, its user file in {@code dir}. */
  static Relay start(Path dir) throws IOException {
    Path users = dir.resolve("users.htdigest");
    Files.writeString(
        users,
        HtdigestUserStore.line("alice", "parley.test", "alice-secret")
            + "\n"
            + HtdigestUserStore.line("bob", "parley.test", "bob-secret")
            + "\n");
    return Relay.start(
        RelayConfig.builder()
            .listen(MsrpUri.parse("msrp://127.0.0.1:0;tcp"))
            .users(users)
            .realm("parley.test")
            .build());
  }
}
