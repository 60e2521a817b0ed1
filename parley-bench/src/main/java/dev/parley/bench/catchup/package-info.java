/** The catch-up benchmark: an offline device reconnecting with its cursor. */
package dev.parley.bench.catchup;
