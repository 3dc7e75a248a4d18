package org.parley.sip.im;

import java.util.concurrent.CompletableFuture;

/**
 * A message sent in an {@link ImSession}.
 *
 * @param messageId its {@code imdn.Message-ID}, which {@link ImListener#notification} names; a
 *     local id when it went as plain text
 * @param notificationsRequested whether it went in CPIM asking for delivery and display
 *     notifications (false: a plain-text peer, none will come)
 * @param sent completes when the peer took it, fails as {@link org.parley.sip.ChatSession#send}
 *     does
 */
public record SentIm(
    String messageId, boolean notificationsRequested, CompletableFuture<Void> sent) {}
