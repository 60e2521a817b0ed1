package dev.parley.cluster.redis;

import java.util.Collection;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * What a {@link ClusterDeviceRouter} needs to push group events per node: the {@link GroupNodes}
 * registry, the feed partition of a user ({@code cassandra.FeedPartitions}) and the groups a user
 * is a current member of ({@code cassandra.CassandraGroupStore}, read when their first session
 * attaches to a node).
 */
public record GroupFanOut(
    GroupNodes nodes,
    ToIntFunction<String> partitionOf,
    Function<String, CompletionStage<? extends Collection<String>>> groupsOf) {}
