/** SDP (RFC 8866) for message sessions; filled in by the SDP issue. */
package org.parley.sdp;
