/**
 * The disk and MSRP side of RFC 5547 file transfer (SDP offer/answer for file transfer): what runs
 * once a push or pull session is up. {@link org.parley.sip.file.FileSender} sends a file, or the
 * part an {@code a=file-range} asks for, as one MSRP message (RFC 4975) read from disk a chunk at a
 * time with Success-Report {@code yes}, and says BYE once the receiver's success report came (RFC
 * 4976: relays answer every chunk hop by hop, so the last 200 does not mean the file arrived).
 * {@link org.parley.sip.file.FileSink} writes a received message to {@code NAME.part} ({@link
 * org.parley.sip.file.PartialFile}) on the agent's file threads, one task after another ({@code
 * SerialExecutor}), within the agent's {@link org.parley.sip.file.DiskBudget}, and checks its size
 * and SHA-1 at the end.
 *
 * <p>Internal to the sip module: the types are public only so that {@code org.parley.sip} can use
 * them. Applications use {@link org.parley.sip.SipAgent#sendFile}, {@link
 * org.parley.sip.SipAgent#pullFile}, {@link org.parley.sip.FileOffer} and {@link
 * org.parley.sip.FilePullRequest}; their results ({@link org.parley.sip.FileTransferResult}) and
 * progress ({@link org.parley.sip.FileProgress}) stay in {@code org.parley.sip}, which this package
 * uses, with {@link org.parley.sip.ChatSession}, {@link org.parley.sip.SessionEnd} and {@link
 * org.parley.sip.SipFailure}, and nothing else of it.
 */
package org.parley.sip.file;
