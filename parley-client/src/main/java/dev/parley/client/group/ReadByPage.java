package dev.parley.client.group;

import dev.parley.client.UserRef;
import java.util.List;

/**
 * One page of the current members who have read (or received) one of this user's group messages.
 * Members who joined after the message are never listed.
 *
 * @param conv the group
 * @param seq the message
 * @param kind what was asked: read or delivered
 * @param users this page, ordered by user id
 * @param next the {@code after} of the next page, or null at the last
 */
public record ReadByPage(
    String conv, long seq, ReceiptKind kind, List<UserRef> users, String next) {
  public ReadByPage {
    users = List.copyOf(users);
  }
}
