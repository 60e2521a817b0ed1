package dev.parley.client.group;

/**
 * Every current member of group {@code conv} has received its messages up to {@code delivered} and
 * read them up to {@code read}: a group message of this user shows ✓✓ when {@code delivered ≥ seq},
 * read when {@code read ≥ seq}. The server sends it to the senders of the messages it newly covers.
 */
public record GroupReceipt(String conv, long delivered, long read) {}
