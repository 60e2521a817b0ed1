package dev.parley.core.group;

/** Renames group {@code conv} (admins only). */
public record RenameGroup(String conv, String title) {}
