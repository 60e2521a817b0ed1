package dev.parley.core.group;

/** Removes member {@code user} (a user id) from group {@code conv} (admins only). */
public record RemoveMember(String conv, String user) {}
