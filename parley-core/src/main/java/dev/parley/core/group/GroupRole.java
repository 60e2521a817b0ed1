package dev.parley.core.group;

/** What a current member may do: admins manage membership and the title. */
public enum GroupRole {
  MEMBER,
  ADMIN
}
