package org.parley.cli;

import java.util.ListResourceBundle;

/**
 * The help of {@code parley chat} where it says more than the shared options' own: {@code --relay}
 * ({@link RelayOptions}) for the one session, whose Use-Path goes in {@code a=path}. Public, as
 * {@link java.util.ResourceBundle} instantiates it by name.
 */
public final class ChatHelp extends ListResourceBundle {
  @Override
  protected Object[][] getContents() {
    return new Object[][] {
      {
        "relay",
        "An MSRP relay for the session (RFC 4976): AUTH with it first, and offer or answer its"
            + " Use-Path in a=path.%ne.g. 'msrps://127.0.0.1:2855;tcp'"
      }
    };
  }
}
