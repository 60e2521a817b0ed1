package dev.parley.core.account;

/** A registered user; {@code passwordHash} is an Argon2id PHC string. */
public record UserAccount(String userId, String handle, String passwordHash, long createdAt) {}
