/**
 * The messaging domain, free of transport and storage code. The message path reads top-down: {@link
 * dev.parley.core.messaging.MessagingService} authorises a command and hands it to the {@link
 * dev.parley.core.log.ConversationLog} (idempotency, sequencing, durability); committed events go
 * to the {@link dev.parley.core.routing.DeviceRouter}, which offers them to each device's {@link
 * dev.parley.core.feed.SessionFeed}; a reconnecting device catches up from the {@link
 * dev.parley.core.feed.FeedStore}. Seams (storage, log, routing) are interfaces with their contract
 * in the Javadoc; the test-jar holds the contract suites every implementation runs. The use cases
 * take and return the core's own records; converting wire frames is the gateway's job.
 */
package dev.parley.core;
