/**
 * SIP signalling for instant messaging, on JAIN-SIP (hidden behind this package's API): pager mode
 * (RFC 3428), message sessions set up by INVITE with SDP offer/answer (RFC 3264) over MSRP (RFC
 * 4975), the 2001 MESSAGE-session form ({@code m=message <port> sip <SIP-URI>},
 * draft-ietf-simple-im-sdp-00), registration (RFC 3261 §10) and digest authentication (RFC 3261
 * §22, RFC 2617).
 *
 * <p>{@link org.parley.sip.SipAgent} is the entry point: a typed {@link org.parley.sip.SipConfig},
 * a {@link org.parley.sip.SipListener} for pager messages and invitations, futures for what it
 * sends, and {@link org.parley.sip.ChatSession}s that look the same whichever mode was negotiated.
 *
 * <h2>Who connects MSRP, and when</h2>
 *
 * <p>The offer says {@code a=setup:active} by default (RFC 4975's rule: the offerer connects). The
 * active side connects and binds the MSRP session (an empty SEND answered 200) <em>before</em> it
 * sends the SIP message that completes the handshake: the offerer before its ACK, the answerer
 * (when the offer said {@code actpass} or {@code passive}) before its 200. So the passive side's
 * session is always bound when it hears that message, and either side may send at once. A failed
 * connection ends the dialog with BYE and a {@code Reason} header saying why.
 *
 * <h2>Through an MSRP relay</h2>
 *
 * <p>With {@link org.parley.sip.SipConfig.Builder#relay} ({@link org.parley.sip.MsrpRelay}: URI,
 * account, optional certificate fingerprint for {@code msrps}), the agent AUTHs with the relay once
 * on start (RFC 4976 §5; a refused AUTH fails the start) and refreshes the binding at three
 * quarters of its Expires by an AUTH to the granted Use-Path URI, which keeps the path (a fresh
 * AUTH when that fails). Every session, caller's and callee's, offers or answers {@code a=path} =
 * Use-Path then the session's own URI, puts the Use-Path in front of the peer's path in To-Path,
 * and goes over the authenticated connection of the agent's MSRP stack (shared, so never a
 * connection of its own). Through a relay each end binds its session with an empty SEND whatever
 * its setup role (the callee before its 200, the caller before its ACK): the relay connection is
 * the only way in and out either way, and the stack counts a session's hold on the shared
 * connection only when the session connects. A peer without a relay reaches such a session by
 * connecting to the relay, which delivers to its own client. When the Use-Path changes (a fresh
 * AUTH), every session is re-offered with the new path by re-INVITE.
 *
 * <h2>re-INVITE</h2>
 *
 * <p>An in-dialog INVITE is answered by the dialog's own {@code Negotiator} (so {@code o=} keeps
 * its sess-id and raises its version). Its offer is first tried on a fresh negotiator: one this end
 * cannot take (no common type, the other mode, TLS, no offer at all) is answered 488 with a Warning
 * and changes nothing; the session goes on. Otherwise the MSRP session takes the new remote path;
 * when its first hop (scheme, host, port) changed and this end is the active one, it connects and
 * binds anew before the 200, keeping the old connection open until the session ends (the peer's
 * session may still be bound to it). A re-INVITE while one of ours is pending gets 491. The agent
 * sends re-INVITEs itself when its relay path changes; a 488 or other failure to one leaves the
 * negotiator rolled back and the session as it was.
 *
 * <h2>The 2001 form and where it is weaker than MSRP</h2>
 *
 * <p>When the offer or answer carries {@code m=message <port> sip <SIP-URI>}, each message is a SIP
 * MESSAGE to that URI (address, port and transport from the URI, its {@code ?headers} left out of
 * the Request-URI), all with one Call-ID (the URI's {@code Call-ID} header when it names one, as
 * Parley's own URIs do, else one of the sender's choosing) and strictly increasing CSeq. Each end
 * puts a URI of its own in its SDP ({@code sip:user.<token>@host:port?Call-ID=<id>}) and takes a
 * MESSAGE as the session's when its Request-URI user and Call-ID are those. Compared with MSRP it
 * is weaker in these ways:
 *
 * <ul>
 *   <li>Size: over UDP a MESSAGE must stay under 1300 bytes (RFC 3428 §8); there is no chunking, so
 *       a large message needs TCP end to end, and proxies may still refuse it.
 *   <li>Throughput and order: each message is a SIP transaction through every proxy on the way; to
 *       keep them in order the sender waits for each answer before the next, whereas MSRP streams
 *       chunks on one connection.
 *   <li>Reports: only the hop-by-hop SIP response; no end-to-end success or failure REPORTs, no
 *       Byte-Range, no interruption or abort of a message in flight.
 *   <li>Negotiation: no {@code accept-types} or {@code max-size}, so the sender cannot know what
 *       the peer takes until it refuses a message.
 *   <li>Security and privacy: no per-session TLS with SDP fingerprints; every proxy sees (and may
 *       log) each message, and anyone who learns the URI and Call-ID can inject messages into the
 *       session.
 *   <li>Correlation: it rests on the URI and Call-ID surviving every proxy; a peer that ignores the
 *       URI's Call-ID header cannot be matched to the session.
 *   <li>Standing: the draft expired; few implementations speak it.
 * </ul>
 *
 * <h2>SIP over TLS</h2>
 *
 * <p>{@link org.parley.sip.SipTransport#TLS} takes its key material from {@link
 * org.parley.sip.SipConfig.Builder#tls} ({@link org.parley.sip.SipTls}: a {@link
 * java.security.KeyStore} with this end's key, and a trust store or pinned certificate
 * fingerprints, else the JDK's default trust). JAIN-SIP RI would read key store <em>paths</em> from
 * {@code javax.net.ssl.*} stack properties; instead the stack gets our own network layer ({@code
 * gov.nist.javax.sip.NETWORK_LAYER}) that makes its TLS sockets from an {@link
 * javax.net.ssl.SSLContext} built from that configuration, so nothing is written to files and no
 * JVM-wide system property is read or set. The JDK's default cipher suites and TLS 1.3/1.2 replace
 * the RI's dated RSA-only defaults (so EC keys work). A server does not ask clients for a
 * certificate. Unless fingerprints are pinned, a server's certificate must name the host connected
 * to, as RFC 5922 §7 has it (the RI does not check it; our trust manager does): a {@code sip:} URI
 * or DNS subjectAltName equal to it, without wildcards, an IP subjectAltName for an address, the
 * common name only in a certificate without subjectAltName. TLS listens on the SIP port unless TCP
 * does, then on {@link org.parley.sip.SipConfig#tlsPort()}. MSRP over TLS ({@code msrps},
 * TCP/TLS/MSRP in SDP) is a separate matter: the agent listens for MSRP over plain TCP only, so its
 * sessions are msrps only through a relay, which reaches it by the connection it authenticated:
 * through an msrps relay it offers TCP/TLS/MSRP, and relayed it answers an offer in the offer's
 * protocol (the relays bridge the two); without a relay a TCP/TLS/MSRP offer is refused (488).
 *
 * <h2>File transfer (RFC 5547)</h2>
 *
 * <p>Push: {@link org.parley.sip.SipAgent#sendFile} offers {@code sendonly} with {@code
 * file-selector}; the callee's {@link org.parley.sip.SipListener#fileOffer} accepts or refuses a
 * {@link org.parley.sip.FileOffer}. Pull: {@link org.parley.sip.SipAgent#pullFile} offers {@code
 * recvonly} with the selector of the file wanted; the callee's {@link
 * org.parley.sip.SipListener#filePull} finds it and serves it ({@link
 * org.parley.sip.FilePullRequest}). Either way the sender sends one MSRP message read from disk a
 * chunk at a time with Success-Report {@code yes}, waits for the receiver's success report (through
 * relays, which answer every chunk themselves, only that says the file arrived), then says BYE. The
 * receiver writes {@code NAME.part} on the agent's file threads, never on an MSRP event loop, and
 * stops reading the connection while more than 4 MB wait for the disk; the part becomes {@code
 * NAME} once whole and its SHA-1 checked. A broken transfer leaves the part (and {@code
 * NAME.part.selector}); the next push of the same file is answered, and the next pull offered, with
 * {@code a=file-range} for the missing bytes only. A pull's sender answers with the file's size and
 * SHA-1 in its {@code file-selector}, which the puller keeps beside the part, so a pull by name
 * alone resumes too ({@link org.parley.sip.PartialPull}). {@link org.parley.sip.FileProgress} hears
 * both ends' progress at most ten times a second. The disk and MSRP side of a transfer is the
 * package {@code org.parley.sip.file}.
 *
 * <h2>Who may start a session, and how many at once</h2>
 *
 * <p>An agent listens to anyone unless its {@link org.parley.sip.Admission} says otherwise: {@code
 * allow} patterns on From (403 for the others) and a password incoming INVITE and MESSAGE are
 * challenged for (401, digest with {@code qop=auth}, a nonce bound to the time it was made and
 * checked by its HMAC, {@code stale=true} for right credentials with an old one). Both answers are
 * decided on JAIN-SIP's thread before any transaction exists and sent without keeping state over
 * UDP (a stateless UAS, RFC 3261 §8.2.7), so a flood of refused requests costs only its answers. At
 * most {@link org.parley.sip.SipConfig#maxPendingInvites()} INVITEs are set up at once (from
 * arrival until their ACK); beyond, 503 with Retry-After, statelessly, unless a set-up has waited a
 * second or more for its ACK or its MSRP connection, which is then dropped for the new INVITE. A
 * 2xx not ACKed within {@link org.parley.sip.SipConfig#ackTimeout()}, and a session whose peer has
 * not bound its MSRP session within {@link org.parley.sip.SipConfig#mediaTimeout()} of the ACK, end
 * the set-up. A Parley caller answered 503 with a Retry-After of at most 10 s tries again then (at
 * most three times).
 *
 * <p>{@link org.parley.sip.Reception} is what a listening application builds on: it tells set-ups
 * that never got going (reported, not counted) from sessions that ran, and, to take one session,
 * sets invitations up side by side and keeps the first whose media come up, so that spoofed INVITEs
 * cannot keep a real caller out.
 *
 * <h2>Threading</h2>
 *
 * <p>JAIN-SIP runs its own threads (a few for UDP datagrams, one per TCP connection, a timer);
 * every event is handed to the agent's single thread, where all state changes and every listener
 * call happen, one at a time. Futures complete on that thread: do not block in a listener. Files
 * are hashed, read and written on the agent's file threads (a cached pool of daemon threads, also
 * the MSRP stack's blocking executor).
 *
 * <h2>Logs</h2>
 *
 * <p>JAIN-SIP logs through SLF4J ({@link org.parley.sip.Slf4jStackLogger}, {@link
 * org.parley.sip.Slf4jServerLogger}); no log4j. Above TRACE only first lines (at most 160
 * characters) are logged, never headers or bodies, so neither message contents nor digest answers
 * reach the logs.
 */
package org.parley.sip;
