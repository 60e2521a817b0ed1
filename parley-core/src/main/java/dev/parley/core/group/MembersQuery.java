package dev.parley.core.group;

/**
 * Asks for group {@code conv}'s title and up to {@code limit} of its current members by user id
 * after {@code after} (null: from the first); a null {@code limit} means {@value
 * GroupService#MEMBER_PAGE}.
 */
public record MembersQuery(String conv, String after, Integer limit) {}
