import { Inviter, SessionState } from 'sip.js';
import { randomToken } from '../msrp/uri.js';
import { parseStatus } from '../msrp/client.js';

/** The SHA-1 of a Blob (a File) or bytes, as lower-case hex (RFC 5547 announces it). */
export async function sha1Hex(data) {
  const bytes = data instanceof Uint8Array ? data : await data.arrayBuffer();
  const d = new Uint8Array(await crypto.subtle.digest('SHA-1', bytes));
  return [...d].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function size(n) {
  return n >= 1048576 ? `${(n / 1048576).toFixed(1)} MB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KB` : `${n} B`;
}

/** Why an upload failed, in the user's words: a failure REPORT's status, else the error. */
export function whyNotSent(e, refused) {
  if (refused) {
    return `not sent: ${refused}`;
  }
  if (e?.status) {
    const { code, comment } = parseStatus(e.status);
    return `not delivered: ${code ?? ''} ${comment}`.replace(/\s+/g, ' ').trim();
  }
  return `not sent: ${e?.message ?? e}`;
}

/**
 * Why an offer is withdrawn, in the user's words: its sender CANCELed the INVITE, or the
 * invitation ended otherwise (its transaction timed out, the transport or the UA went). SIP.js
 * 0.21 flags the first: Invitation.isCanceled, set before the state turns Terminated.
 */
export function whyWithdrawn(invitation) {
  return invitation.isCanceled ? 'withdrawn: the sender canceled the offer' : 'withdrawn: the offer ended before it was answered';
}

/**
 * File transfers of the page, each in a SIP session of its own (RFC 5547 push): sending a chosen
 * file to the peer, and receiving one the peer offers once the user accepts it, with a progress
 * bar and the SHA-1 checked before its sender is told it arrived. `ui.item(text, mine)` →
 * { progress(done, total), done(text, link), failed(text) }; `ui.offer(text, signal)` →
 * Promise<boolean | null>: the user's answer, or null once `signal` aborted (the offer withdrawn;
 * its reason says why, as whyWithdrawn words it).
 */
export class FileTransfers {
  constructor(ui, maxBytes) {
    this.ui = ui;
    this.maxBytes = maxBytes;
    this.receiving = new Map(); // MSRP session → its item, while a pushed file arrives
  }

  /** Pushes `file` to `target` over `ua`; resolves when the peer reported it whole and BYE went. */
  async send(ua, target, file) {
    const item = this.ui.item(`↑ ${file.name} (${size(file.size)})`, true);
    let inviter = null;
    let refused = null;
    try {
      const meta = { name: file.name, type: file.type || 'application/octet-stream', size: file.size, sha1: await sha1Hex(file) };
      inviter = new Inviter(ua, target, { sessionDescriptionHandlerOptions: { file: meta, fileTransferId: randomToken(16) } });
      const up = new Promise((resolve, reject) => {
        inviter.stateChange.addListener((state) => {
          if (state === SessionState.Established) {
            resolve();
          } else if (state === SessionState.Terminated) {
            reject(new Error('the peer ended the transfer'));
          }
        });
      });
      await inviter.invite({
        requestDelegate: {
          onReject: (r) => {
            refused = `refused: ${r.message.statusCode} ${r.message.reasonPhrase}`;
          },
        },
      });
      await up;
      await inviter.msrp.send(meta.type, file, { successReport: true, onProgress: (n, total) => item.progress(n, total) });
      item.done(`↑ ${file.name} sent (${size(file.size)}, sha-1 ${meta.sha1})`);
    } catch (e) {
      item.failed(`${file.name} ${whyNotSent(e, refused)}`);
    } finally {
      // Sent or not, the transfer's session ends here (its receiver waits for nothing more).
      if (inviter?.state === SessionState.Established) {
        await inviter.bye().catch(() => {});
      } else if (inviter?.state === SessionState.Establishing) {
        await inviter.cancel().catch(() => {});
      }
    }
  }

  /**
   * An INVITE whose offer pushes a file (`remote`: its parsed SDP): asks the user, then takes it.
   * Resolves without accepting or rejecting anything when the sender withdrew the offer (CANCEL)
   * before the user answered.
   */
  async offered(invitation, remote) {
    const f = remote.file;
    const name = f.name ?? 'file';
    if (f.size === null || f.size > this.maxBytes) {
      await invitation.reject({ statusCode: 488 });
      this.ui.item(`${name} refused: ${f.size === null ? 'no size given' : `larger than ${size(this.maxBytes)}`}`, false).failed('');
      return;
    }
    const accepted = await this.ask(invitation, `${invitation.remoteIdentity.uri} offers ${name} (${size(f.size)})`);
    if (accepted === null) {
      return; // withdrawn: the invitation is over, there is nothing left to answer
    }
    if (!accepted) {
      await invitation.reject({ statusCode: 603 });
      return;
    }
    const item = this.take(invitation, remote, name);
    try {
      await invitation.accept();
    } catch (e) {
      if (invitation.state !== SessionState.Terminated) {
        throw e;
      }
      // Over as it was accepted (a CANCEL crossing the accept): the file's item says so.
      item.failed(`${name}: the transfer ended before it began (${e.message ?? e})`);
    }
  }

  /**
   * The user's answer to an offer, or null when its invitation ended first (the sender's CANCEL,
   * or any other end): the question is withdrawn then, and an answer that crosses it is dropped.
   */
  async ask(invitation, text) {
    const over = () => invitation.state === SessionState.Terminated;
    const withdrawn = new AbortController();
    const listener = (state) => {
      if (state === SessionState.Terminated) {
        withdrawn.abort(whyWithdrawn(invitation));
      }
    };
    invitation.stateChange.addListener(listener);
    if (over()) {
      withdrawn.abort(whyWithdrawn(invitation));
    }
    try {
      const answer = await this.ui.offer(text, withdrawn.signal);
      return over() ? null : answer;
    } finally {
      invitation.stateChange.removeListener(listener);
    }
  }

  /** An accepted file: its item (returned), filled as its session brings it. */
  take(invitation, remote, name) {
    const f = remote.file;
    const item = this.ui.item(`↓ ${name} (${size(f.size)})`, false);
    let established = false;
    invitation.stateChange.addListener(async (state) => {
      if (state === SessionState.Established) {
        established = true;
        this.receiving.set(invitation.msrp, { item, name, remote, type: f.type });
        try {
          if (invitation.msrp.active) {
            await invitation.msrp.bind();
          }
        } catch (e) {
          item.failed(`${name}: ${e.message}`);
        }
      } else if (state === SessionState.Terminated && this.receiving.delete(invitation.msrp)) {
        item.failed(`${name}: the peer ended the transfer before it was whole`);
      } else if (state === SessionState.Terminated && !established) {
        item.failed(`${name}: the transfer ended before it began`);
      }
    });
    return item;
  }

  /** Progress of a message of a file session; false when `session` is not one. */
  progress(session, received, total) {
    const r = this.receiving.get(session);
    r?.item.progress(received, total);
    return !!r;
  }

  /** Whether `session` is the MSRP session of a file being received (its message is the file). */
  owns(session) {
    return this.receiving.has(session);
  }

  /**
   * The complete message of a file session: the file, checked against its offer (RFC 5547: its
   * SHA-1 and size) and offered for download. Resolves with the MSRP client's verdict: false when
   * the file is not the one offered, so that its sender gets a failure REPORT and not a success.
   */
  async received(session, contentType, body) {
    const r = this.receiving.get(session);
    if (!r) {
      return undefined; // not a file: no verdict of ours
    }
    this.receiving.delete(session);
    const sha1 = await sha1Hex(body);
    const f = r.remote.file;
    if (f.sha1 && f.sha1 !== sha1) {
      r.item.failed(`${r.name}: its SHA-1 is ${sha1}, not the ${f.sha1} announced; not reported to its sender as delivered`);
      return false;
    }
    if (f.size !== null && f.size !== body.length) {
      r.item.failed(`${r.name}: ${size(body.length)} came, not the ${size(f.size)} announced; not reported to its sender as delivered`);
      return false;
    }
    const url = URL.createObjectURL(new Blob([body], { type: 'application/octet-stream' }));
    r.item.done(`↓ ${r.name} received (${size(body.length)}, sha-1 ${sha1})`, { url, name: r.name });
    return true;
  }
}
