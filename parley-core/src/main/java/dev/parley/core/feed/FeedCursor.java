package dev.parley.core.feed;

import java.util.OptionalLong;

/**
 * The opaque cursor a device stores: {@code <epoch>-<position>}. A cursor from another epoch (a
 * rebuilt store) is refused, so the device reloads instead of trusting a position that means
 * something else now.
 */
public final class FeedCursor {
  private final String epoch;

  public FeedCursor(String epoch) {
    this.epoch = epoch;
  }

  public String format(long pos) {
    return epoch + "-" + pos;
  }

  public OptionalLong parse(String cursor) {
    if (cursor == null) {
      return OptionalLong.empty();
    }
    int dash = cursor.lastIndexOf('-');
    if (dash <= 0 || !cursor.substring(0, dash).equals(epoch)) {
      return OptionalLong.empty();
    }
    try {
      long pos = Long.parseLong(cursor.substring(dash + 1));
      return pos < 0 ? OptionalLong.empty() : OptionalLong.of(pos);
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
