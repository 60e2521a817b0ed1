package dev.parley.bench.groups;

/**
 * What online members report after each feed frame: nothing, {@code received}, or {@code received}
 * and {@code read} up to the highest seq of each group in the frame, as a client with the group
 * open on screen would.
 */
enum Receipts {
  NONE,
  RECEIVED,
  READ
}
