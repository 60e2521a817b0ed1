package dev.parley.server.gateway;

import dev.parley.core.account.AccountService;
import dev.parley.core.feed.FeedCursor;
import dev.parley.core.feed.FeedStore;
import dev.parley.core.messaging.MessagingService;
import dev.parley.core.routing.DeviceRouter;
import dev.parley.protocol.FrameCodec;
import dev.parley.server.config.ServerConfig;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/**
 * What the network handlers need from the rest of the server. {@code accountWork} runs password hashing
 * and account storage; {@code reads} runs storage reads; neither is ever a Netty event loop.
 */
public record GatewayContext(
    ServerConfig config,
    FrameCodec codec,
    AccountService accounts,
    MessagingService messaging,
    DeviceRouter router,
    FeedStore feedStore,
    FeedCursor cursors,
    Executor accountWork,
    Executor reads,
    BooleanSupplier ready) {}
