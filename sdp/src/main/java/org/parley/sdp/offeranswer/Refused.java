package org.parley.sdp.offeranswer;

/** Ends the negotiation of one stream with a refusal; caught where the plan is made. */
final class Refused extends Exception {
  private static final long serialVersionUID = 1L;

  private final Refusal refusal;

  Refused(Refusal refusal, String reason) {
    super(reason, null, false, false);
    this.refusal = refusal;
  }

  Refusal refusal() {
    return refusal;
  }
}
