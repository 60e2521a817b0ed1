/** How results are shown: tables, one JSON line per result, and the SVG latency-vs-load chart. */
package dev.parley.bench.report;
