package dev.parley.client.group;

/**
 * A current member of a group.
 *
 * @param userId the member's user id (what {@link dev.parley.client.ParleyClient#removeMember} and
 *     {@link dev.parley.client.ParleyClient#setAdmin} take)
 * @param handle their handle, null if the server did not know it
 * @param admin whether they are an admin of the group
 * @param since the seq of the change that added them (their history starts there)
 */
public record GroupMember(String userId, String handle, boolean admin, long since) {}
