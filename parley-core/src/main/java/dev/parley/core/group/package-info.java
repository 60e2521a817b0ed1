/**
 * Groups: conversations of up to {@link dev.parley.core.group.GroupLimits#maxMembers()} members
 * whose membership is data with a sequence. A {@link dev.parley.core.group.GroupRoster} is owned by
 * the conversation's single writer, like {@link dev.parley.core.conversation.ConversationState}:
 * every membership change is validated there and given the next sequence number of the
 * conversation, so all devices of all members converge on the same member list at the same seq.
 * {@link dev.parley.core.group.GroupReceipts} keeps each member's positions and the group-wide
 * minimum that the ✓✓ and blue ticks of a group message are judged by.
 */
package dev.parley.core.group;
