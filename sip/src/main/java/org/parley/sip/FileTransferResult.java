package org.parley.sip;

import java.nio.file.Path;

/**
 * The end of one RFC 5547 file transfer.
 *
 * @param name the file name of the offer's {@code file-selector}
 * @param bytes the octets sent or received
 * @param sha1 the SHA-1 hash-value of those octets ({@code 72:24:...})
 * @param verified receiver: the hash and size match the offer's {@code file-selector}; sender:
 *     every chunk was answered 200
 * @param path the file written (receiver) or read (sender)
 */
public record FileTransferResult(
    String name, long bytes, String sha1, boolean verified, Path path) {}
