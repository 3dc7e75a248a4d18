package org.parley.sip;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import javax.sip.message.Response;

/**
 * What the agent has under way, in one place: sessions and invitations being answered by Call-ID,
 * this end's INVITEs waiting for their final response, and the streams of 2001-form sessions by the
 * user part of the URI each made. Each part registers itself when it starts and leaves when it
 * ends; the requests that come in are routed by what is here.
 */
final class Dialogs {
  private final Map<String, Chat> chats = new ConcurrentHashMap<>();
  private final Map<String, Invitation> invitations = new ConcurrentHashMap<>();
  private final Map<OutgoingInvite, Boolean> inviting = new ConcurrentHashMap<>();
  private final Map<String, SipMessageMedia> streams = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** The session of {@code callId}, or null. */
  Chat chat(String callId) {
    return chats.get(callId);
  }

  /** The invitation of {@code callId} being answered (ringing or waiting for its ACK), or null. */
  Invitation invitation(String callId) {
    return invitations.get(callId);
  }

  /** The invitations being answered. */
  Collection<Invitation> invitations() {
    return invitations.values();
  }

  /** The 2001-form stream whose URI has {@code user}, or null. */
  SipMessageMedia stream(String user) {
    return streams.get(user);
  }

  void remember(Chat chat) {
    chats.put(chat.callId(), chat);
  }

  void forget(Chat chat) {
    chats.remove(chat.callId(), chat);
  }

  void remember(Invitation invitation) {
    invitations.put(invitation.callId(), invitation);
  }

  void forget(Invitation invitation) {
    invitations.remove(invitation.callId(), invitation);
  }

  /** An INVITE of this end waiting for its final response. */
  void remember(OutgoingInvite invite) {
    inviting.put(invite, Boolean.TRUE);
  }

  void forget(OutgoingInvite invite) {
    inviting.remove(invite);
  }

  void remember(SipMessageMedia media) {
    streams.put(media.localUser(), media);
  }

  void forget(SipMessageMedia media) {
    streams.remove(media.localUser(), media);
  }

  /** Whether the agent is closing: no new set-up is taken. */
  boolean closed() {
    return closed;
  }

  /**
   * The agent is closing (any thread): from now on {@link #closed()}. Returns false when it was
   * already.
   */
  boolean close() {
    if (closed) {
      return false;
    }
    closed = true;
    return true;
  }

  /**
   * Ends everything under way (on the agent's thread): invitations declined 480, this end's INVITEs
   * cancelled, sessions ended with BYE. Returns what to wait for.
   */
  List<CompletableFuture<?>> endAll() {
    List<CompletableFuture<?>> waits = new ArrayList<>();
    for (Invitation i : List.copyOf(invitations.values())) {
      i.decline(Response.TEMPORARILY_UNAVAILABLE);
    }
    for (OutgoingInvite o : List.copyOf(inviting.keySet())) {
      waits.add(o.agentClosing());
    }
    for (Chat c : List.copyOf(chats.values())) {
      c.end(SessionEnd.Reason.AGENT_CLOSED, null);
      waits.add(c.ended());
    }
    return waits;
  }

  /**
   * The relay granted a new Use-Path: every MSRP session is re-offered with it (re-INVITE). On the
   * agent's thread; completes when every re-INVITE is answered (failed ones too).
   */
  CompletableFuture<Void> reofferPaths() {
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (Chat c : List.copyOf(chats.values())) {
      all.add(c.reofferPath().handle((v, e) -> null));
    }
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
  }
}
