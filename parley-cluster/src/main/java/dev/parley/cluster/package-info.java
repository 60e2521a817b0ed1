/**
 * Cluster mode: the same core over Kafka, Cassandra and Redis. {@code kafka} holds the conversation
 * log (commands partitioned by conversation, a sequencer per partition, feeds partitioned by user),
 * {@code cassandra} the durable read models and the sequencer's state, {@code redis} routing,
 * presence, the recent-message cache and the push channels between nodes.
 */
package dev.parley.cluster;
