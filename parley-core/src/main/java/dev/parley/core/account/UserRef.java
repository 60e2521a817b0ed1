package dev.parley.core.account;

/** A user as other users see them: the stable id and the handle they are known by. */
public record UserRef(String userId, String handle) {}
