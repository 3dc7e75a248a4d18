/**
 * Offer/answer (RFC 3264) for message streams: MSRP (RFC 4975 §8) with the setup rules of RFC 4145
 * and RFC 6135, CEMA (RFC 6714), WebSocket (RFC 7977), file transfer (RFC 5547), and the 2001 form
 * {@code m=message <port> sip <SIP-URI>} (draft-ietf-simple-im-sdp-00).
 *
 * <p>A {@link org.parley.sdp.offeranswer.Negotiator} per SIP dialog builds offers and answers from
 * {@link org.parley.sdp.offeranswer.LocalCapabilities} and returns a {@link
 * org.parley.sdp.offeranswer.MessageSessionPlan} per message stream: who connects, to which path,
 * with which types and limits — or why the stream was refused (port 0).
 *
 * <h2>Example</h2>
 *
 * <p>Alice accepts CPIM-wrapped text and images; Bob accepts any text and, being behind a NAT, can
 * only connect:
 *
 * <pre>{@code
 * Negotiator alice = new Negotiator(LocalCapabilities.builder()
 *     .path("msrp://alice.example.com:7654/jshA7weztas;tcp")
 *     .acceptTypes("message/cpim", "text/plain")
 *     .acceptWrappedTypes("text/plain", "image/*")
 *     .maxSize(131072)
 *     .originUsername("alice").sessionId("2890844526")
 *     .build());
 * Negotiator bob = new Negotiator(LocalCapabilities.builder()
 *     .path("msrp://bob.example.com:8888/9di4eae923wzd;tcp")
 *     .acceptTypes("text/*", "message/cpim")
 *     .acceptWrappedTypes("*")
 *     .setup(Setup.ACTIVE)
 *     .originUsername("bob").sessionId("2890844612")
 *     .build());
 *
 * SessionDescription offer = alice.createOffer();          // goes in the INVITE
 * Answer answer = bob.answer(offer);                       // goes in the 200 OK
 * List<MessageSessionPlan> plans = alice.acceptAnswer(answer.description());
 * }</pre>
 *
 * <p>The offer:
 *
 * <pre>
 * v=0
 * o=alice 2890844526 2890844526 IN IP4 alice.example.com
 * s=-
 * c=IN IP4 alice.example.com
 * t=0 0
 * m=message 7654 TCP/MSRP *
 * a=accept-types:message/cpim text/plain
 * a=accept-wrapped-types:text/plain image/*
 * a=max-size:131072
 * a=path:msrp://alice.example.com:7654/jshA7weztas;tcp
 * a=setup:actpass
 * </pre>
 *
 * <p>The answer: the types both accept, in the offer's order ({@code text/*} meets {@code
 * text/plain}); Bob connects, since Alice offered {@code actpass} and Bob can only be active:
 *
 * <pre>
 * v=0
 * o=bob 2890844612 2890844612 IN IP4 bob.example.com
 * s=-
 * c=IN IP4 bob.example.com
 * t=0 0
 * m=message 8888 TCP/MSRP *
 * a=accept-types:message/cpim text/plain
 * a=accept-wrapped-types:text/plain image/*
 * a=path:msrp://bob.example.com:8888/9di4eae923wzd;tcp
 * a=setup:active
 * </pre>
 *
 * <p>The plans. Bob's: connect to {@code alice.example.com:7654}, To-Path {@code
 * msrp://alice.example.com:7654/jshA7weztas;tcp}, send {@code message/cpim} or {@code text/plain}
 * of at most 131072 octets. Alice's: listen; To-Path {@code
 * msrp://bob.example.com:8888/9di4eae923wzd;tcp}. Had Alice's offer carried no {@code a=setup} (an
 * RFC 4975 peer), Alice would connect and Bob — able only to connect — would refuse the stream with
 * {@link org.parley.sdp.offeranswer.Refusal#SETUP_CONFLICT}.
 */
package org.parley.sdp.offeranswer;
