package dev.parley.client;

/**
 * A user as the server names them: the id requests take and the handle people read.
 *
 * @param userId the user id
 * @param handle their handle
 */
public record UserRef(String userId, String handle) {}
