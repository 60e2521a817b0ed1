package dev.parley.server.gateway.session;

import dev.parley.core.feed.FeedCursor;
import dev.parley.core.feed.FeedStore;
import dev.parley.core.group.GroupService;
import dev.parley.core.messaging.DeviceRateLimiters;
import dev.parley.core.messaging.MessagingService;
import dev.parley.core.messaging.SendOrder;
import dev.parley.core.metrics.ParleyMetrics;
import dev.parley.core.presence.PresenceService;
import dev.parley.core.routing.DeviceRouter;
import java.util.concurrent.Executor;

/**
 * Everything a {@link DeviceConnection} works with; one instance per server. {@code reads} is the
 * bounded pool of storage reads; {@code rateLimiters} holds each device's buckets across its
 * connections, {@code sendOrder} each device's conversations blocked behind a refused send.
 */
public record ConnectionServices(
    MessagingService messaging,
    GroupService groups,
    PresenceService presence,
    DeviceRouter router,
    FeedStore feedStore,
    FeedCursor cursors,
    Executor reads,
    DeviceRateLimiters rateLimiters,
    SendOrder sendOrder,
    ParleyMetrics metrics) {}
