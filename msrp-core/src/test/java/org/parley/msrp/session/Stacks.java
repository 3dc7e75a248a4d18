package org.parley.msrp.session;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The stacks a test starts, closed after it: {@code @RegisterExtension final Stacks stacks = new
 * Stacks();} then {@code alice = stacks.add(MsrpStack.builder().build());}.
 */
final class Stacks implements AfterEachCallback {
  private final List<MsrpStack> started = new ArrayList<>();

  /** Closes {@code stack} after the test; returns it. */
  MsrpStack add(MsrpStack stack) {
    started.add(stack);
    return stack;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    for (MsrpStack s : started) {
      s.close();
    }
    started.clear();
  }
}
