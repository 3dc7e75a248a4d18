import { Inviter, SessionState } from 'sip.js';
import { randomToken } from '../msrp/uri.js';

/** The SHA-1 of a Blob (a File) or bytes, as lower-case hex (RFC 5547 announces it). */
export async function sha1Hex(data) {
  const bytes = data instanceof Uint8Array ? data : await data.arrayBuffer();
  const d = new Uint8Array(await crypto.subtle.digest('SHA-1', bytes));
  return [...d].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function size(n) {
  return n >= 1048576 ? `${(n / 1048576).toFixed(1)} MB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KB` : `${n} B`;
}

/**
 * File transfers of the page, each in a SIP session of its own (RFC 5547 push): sending a chosen
 * file to the peer, and receiving one the peer offers once the user accepts it, with a progress
 * bar and the SHA-1 checked. `ui.item(text, mine)` → { progress(done, total), done(text, link),
 * failed(text) }; `ui.offer(text)` → Promise<boolean> (the user's answer).
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
      item.failed(`${file.name} not sent: ${refused ?? e.message ?? e}`);
    } finally {
      // Sent or not, the transfer's session ends here (its receiver waits for nothing more).
      if (inviter?.state === SessionState.Established) {
        await inviter.bye().catch(() => {});
      } else if (inviter?.state === SessionState.Establishing) {
        await inviter.cancel().catch(() => {});
      }
    }
  }

  /** An INVITE whose offer pushes a file (`remote`: its parsed SDP): asks the user, then takes it. */
  async offered(invitation, remote) {
    const f = remote.file;
    const name = f.name ?? 'file';
    if (f.size === null || f.size > this.maxBytes) {
      await invitation.reject({ statusCode: 488 });
      this.ui.item(`${name} refused: ${f.size === null ? 'no size given' : `larger than ${size(this.maxBytes)}`}`, false).failed('');
      return;
    }
    const accepted = await this.ui.offer(`${invitation.remoteIdentity.uri} offers ${name} (${size(f.size)})`);
    if (!accepted) {
      await invitation.reject({ statusCode: 603 });
      return;
    }
    const item = this.ui.item(`↓ ${name} (${size(f.size)})`, false);
    invitation.stateChange.addListener(async (state) => {
      if (state === SessionState.Established) {
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
      }
    });
    await invitation.accept();
  }

  /** Progress of a message of a file session; false when `session` is not one. */
  progress(session, received, total) {
    const r = this.receiving.get(session);
    r?.item.progress(received, total);
    return !!r;
  }

  /** A complete message of a file session: the file, checked and offered for download. */
  async received(session, contentType, body) {
    const r = this.receiving.get(session);
    if (!r) {
      return false;
    }
    this.receiving.delete(session);
    const sha1 = await sha1Hex(body);
    if (r.remote.file.sha1 && r.remote.file.sha1 !== sha1) {
      r.item.failed(`${r.name}: its SHA-1 is ${sha1}, not the ${r.remote.file.sha1} announced`);
      return true;
    }
    const url = URL.createObjectURL(new Blob([body], { type: 'application/octet-stream' }));
    r.item.done(`↓ ${r.name} received (${size(body.length)}, sha-1 ${sha1})`, { url, name: r.name });
    return true;
  }
}
