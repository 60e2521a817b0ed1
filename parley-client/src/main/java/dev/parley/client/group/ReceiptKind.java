package dev.parley.client.group;

import java.util.Locale;

/** Which receipt {@link dev.parley.client.ParleyClient#readBy} asks about. */
public enum ReceiptKind {
  /** A device of the member has the message. */
  DELIVERED,
  /** The member read it. */
  READ;

  /** The protocol's name: {@code delivered} or {@code read}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
