/** The idle-connections benchmark: memory per connection and time to open them. */
package dev.parley.bench.connections;
