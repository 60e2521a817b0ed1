package dev.parley.core.group;

import java.util.List;

/** Adds the users of {@code handles} to group {@code conv} (admins only; all or nothing). */
public record AddMembers(String conv, List<String> handles) {
  public AddMembers {
    handles = List.copyOf(handles);
  }
}
