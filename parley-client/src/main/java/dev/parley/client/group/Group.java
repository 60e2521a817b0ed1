package dev.parley.client.group;

/**
 * What this device knows of a group, as last received: from its membership changes in the feed,
 * {@link dev.parley.client.ParleyClient#groupInfo} and the conversation list.
 *
 * @param conv the group
 * @param title its title, null if not known yet
 * @param size its number of current members, -1 if not known yet
 * @param member whether this user is still a member (false once they left or were removed: the
 *     history up to then stays readable, nothing can be sent)
 * @param delivered the group-wide delivered position ({@link GroupReceipt})
 * @param read the group-wide read position
 */
public record Group(
    String conv, String title, int size, boolean member, long delivered, long read) {}
