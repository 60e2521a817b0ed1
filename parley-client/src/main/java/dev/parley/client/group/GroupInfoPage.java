package dev.parley.client.group;

import java.util.List;

/**
 * A group's title and size, and one page of its current members by user id.
 *
 * @param conv the group
 * @param title its title
 * @param size how many current members it has (all pages together)
 * @param members this page, ordered by user id
 * @param next the {@code after} of the next page, or null at the last
 */
public record GroupInfoPage(
    String conv, String title, int size, List<GroupMember> members, String next) {
  public GroupInfoPage {
    members = List.copyOf(members);
  }
}
