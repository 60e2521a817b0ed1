/**
 * The groups benchmark ({@code parley-bench groups}): live fan-out to every online member of one
 * big group or of many small ones ({@link dev.parley.bench.groups.FanOutRun} over a {@link
 * dev.parley.bench.groups.Topology}), catch-up of an offline member and the reconnect cost of a
 * user in many groups ({@link dev.parley.bench.groups.BigGroupCatchup}, {@link
 * dev.parley.bench.groups.ManyGroupsReconnect}), and bytes on disk per message ({@link
 * dev.parley.bench.groups.DiskRun}). Start at {@link dev.parley.bench.groups.GroupsCommand}.
 */
package dev.parley.bench.groups;
