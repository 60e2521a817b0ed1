package dev.parley.core.group;

/** Makes member {@code user} an admin of group {@code conv}, or ({@code admin} false) not. */
public record SetAdmin(String conv, String user, boolean admin) {}
