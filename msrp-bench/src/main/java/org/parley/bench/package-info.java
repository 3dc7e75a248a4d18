/**
 * Measurements of the MSRP (RFC 4975) implementation: JMH benchmarks of the codec and of two
 * endpoints, and soak runs of endpoints and of the RFC 4976 relay under load.
 */
package org.parley.bench;
