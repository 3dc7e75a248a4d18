package org.parley.im.imdn;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Matches incoming notifications to the messages sent, by imdn.Message-ID (RFC 5438). The sender
 * tracks each message that asks for notifications, with a context of its own (a message row, a
 * future); each notification that comes back is correlated to that context, with whether it was
 * asked for and whether it is the first of its kind from that recipient (notifications may come
 * twice, and from each device of a recipient).
 *
 * <p>At most {@code maxTracked} messages are remembered; tracking one more forgets the oldest.
 * Thread-safe (methods are synchronized); it has no threads and no timers.
 *
 * @param <T> the application's context for a sent message
 */
public final class ImdnTracker<T> {
  /** A notification matched to its message. */
  public static final class Match<T> {
    private final T context;
    private final ImdnDocument notification;
    private final boolean requested;
    private final boolean first;

    Match(T context, ImdnDocument notification, boolean requested, boolean first) {
      this.context = context;
      this.notification = notification;
      this.requested = requested;
      this.first = first;
    }

    /** The context given to {@link #track}. */
    public T context() {
      return context;
    }

    /** The notification. */
    public ImdnDocument notification() {
      return notification;
    }

    /** Whether the message asked for this status ({@link ImdnRequest#wants}'s rules). */
    public boolean requested() {
      return requested;
    }

    /**
     * Whether it is the first notification of its type from its recipient ({@code recipient-uri},
     * or the original recipient when that is missing) with this status.
     */
    public boolean first() {
      return first;
    }

    @Override
    public String toString() {
      return notification + (requested ? "" : " (not requested)") + (first ? "" : " (again)");
    }
  }

  private static final class Sent<T> {
    final T context;
    final DispositionNotification requested;
    final Map<String, EnumMap<NotificationType, ImdnStatus>> seen = new HashMap<>();

    Sent(T context, DispositionNotification requested) {
      this.context = context;
      this.requested = requested;
    }
  }

  private final int maxTracked;
  private final LinkedHashMap<String, Sent<T>> sent = new LinkedHashMap<>();

  /** A tracker remembering at most {@code maxTracked} messages. */
  public ImdnTracker(int maxTracked) {
    if (maxTracked < 1) {
      throw new IllegalArgumentException("maxTracked must be at least 1: " + maxTracked);
    }
    this.maxTracked = maxTracked;
  }

  /** Remembers a sent message (replacing one with the same id). */
  public synchronized void track(String messageId, DispositionNotification requested, T context) {
    Objects.requireNonNull(requested, "requested");
    Objects.requireNonNull(context, "context");
    sent.remove(messageId);
    sent.put(messageId, new Sent<>(context, requested));
    Iterator<String> oldest = sent.keySet().iterator();
    while (sent.size() > maxTracked) {
      oldest.next();
      oldest.remove();
    }
  }

  /** The notification's message, if it is tracked. */
  public synchronized Optional<Match<T>> correlate(ImdnDocument notification) {
    Sent<T> s = sent.get(notification.messageId());
    if (s == null) {
      return Optional.empty();
    }
    boolean requested = ImdnRequest.asks(s.requested, notification.type(), notification.status());
    String recipient =
        notification.recipientUri().or(notification::originalRecipientUri).orElse("");
    ImdnStatus before =
        s.seen
            .computeIfAbsent(recipient, k -> new EnumMap<>(NotificationType.class))
            .put(notification.type(), notification.status());
    return Optional.of(
        new Match<>(s.context, notification, requested, before != notification.status()));
  }

  /** Forgets a message; returns its context if it was tracked. */
  public synchronized Optional<T> forget(String messageId) {
    Sent<T> s = sent.remove(messageId);
    return s == null ? Optional.empty() : Optional.of(s.context);
  }

  /** The number of messages tracked. */
  public synchronized int size() {
    return sent.size();
  }
}
