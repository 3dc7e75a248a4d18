/**
 * Parley's MSRP (RFC 4975) against msrp-java's: the two libraries' sides of an interoperability
 * test and of a side-by-side benchmark, each run against the other and against itself.
 */
package org.parley.interop.msrpjava;
