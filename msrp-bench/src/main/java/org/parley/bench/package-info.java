/** JMH benchmarks of the MSRP codec and, later, the endpoint and relay. */
package org.parley.bench;
