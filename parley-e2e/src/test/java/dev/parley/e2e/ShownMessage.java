package dev.parley.e2e;

/**
 * A message as the chat view shows it: its text, whether it is ours, its tick status and sequence
 * number.
 */
record ShownMessage(String body, boolean mine, String status, Long seq) {}
