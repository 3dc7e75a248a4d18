package org.parley.sip;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.parley.msrp.MsrpUri;
import org.parley.relay.HtdigestUserStore;
import org.parley.relay.Relay;
import org.parley.relay.RelayConfig;

/**
 * Parley's MSRP relay on 127.0.0.1 for the tests of a class, with two accounts: {@code alice} and
 * {@code bob}, whose passwords are their names followed by {@code -secret}. Registered as {@code
 * static} with {@code @RegisterExtension}, it runs from before the first test to after the last.
 */
final class TestRelay implements BeforeAllCallback, AfterAllCallback {
  static final String REALM = "parley.test";

  private Path dir;
  private Relay relay;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    dir = Files.createTempDirectory("parley-relay");
    Path users = dir.resolve("users.htdigest");
    Files.writeString(
        users,
        HtdigestUserStore.line("alice", REALM, "alice-secret")
            + "\n"
            + HtdigestUserStore.line("bob", REALM, "bob-secret")
            + "\n");
    relay =
        Relay.start(
            RelayConfig.builder()
                .listen(MsrpUri.parse("msrp://127.0.0.1:0;tcp"))
                .users(users)
                .realm(REALM)
                .threads(2)
                .build());
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (relay != null) {
      relay.close();
    }
    Files.deleteIfExists(dir.resolve("users.htdigest"));
    Files.deleteIfExists(dir);
  }

  MsrpUri uri() {
    return relay.uri();
  }

  /** This relay for {@code user} (alice or bob), with the right password. */
  MsrpRelay account(String user) {
    return MsrpRelay.of(uri().toString(), user, user + "-secret");
  }
}
