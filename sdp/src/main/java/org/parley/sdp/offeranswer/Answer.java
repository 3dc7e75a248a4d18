package org.parley.sdp.offeranswer;

import java.util.List;
import org.parley.sdp.SessionDescription;

/** The answer to an offer: the description to send and a plan for each message stream. */
public final class Answer {
  private final SessionDescription description;
  private final List<MessageSessionPlan> plans;

  Answer(SessionDescription description, List<MessageSessionPlan> plans) {
    this.description = description;
    this.plans = List.copyOf(plans);
  }

  /** The answer to send. */
  public SessionDescription description() {
    return description;
  }

  /** One plan per {@code m=message} line of the offer, in order. */
  public List<MessageSessionPlan> plans() {
    return plans;
  }

  /** {@code true} when at least one message stream was accepted. */
  public boolean anyAccepted() {
    for (MessageSessionPlan p : plans) {
      if (!p.refused()) {
        return true;
      }
    }
    return false;
  }
}
