/** JMH benchmarks, one package per area measured, mirroring the code under test. */
package org.skywave.bench;
