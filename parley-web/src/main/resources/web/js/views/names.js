// Words for group events: who wrote a message, a membership change as a sentence ("alice added bob"),
// who is typing. User ids come from the server; handles from the store (member pages, 1:1 peers, and
// `users` lookups for members no member page lists any more).

/** The name to show for a user id: "you" for this user, the handle, or the start of the id while unknown. */
export function nameOf(store, userId) {
  if (userId === store.me.userId) return 'you';
  return store.handleOf(userId) ?? `user ${userId.slice(0, 8)}`;
}

/** Every user id a system message mentions. */
export function mentioned(change) {
  return [change.actor, ...(change.users ?? []), change.promoted].filter(Boolean);
}

function list(names) {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** A membership change as a sentence: "alice added bob and carol", "You left" (handles keep their case). */
export function describeChange(store, change) {
  const who = (user) => nameOf(store, user);
  const actor = change.actor === store.me.userId ? 'You' : who(change.actor);
  const users = list((change.users ?? []).map(who));
  switch (change.action) {
    case 'created': return `${actor} created the group “${change.title}”${users ? ` with ${users}` : ''}`;
    case 'added': return `${actor} added ${users}`;
    case 'removed': return `${actor} removed ${users}`;
    case 'left': return `${actor} left${change.promoted ? `; ${who(change.promoted)} ${change.promoted === store.me.userId ? 'are' : 'is'} now an admin` : ''}`;
    case 'promoted': return `${actor} made ${users} ${(change.users ?? []).length > 1 ? 'admins' : 'an admin'}`;
    case 'demoted': return `${actor} dismissed ${users} as admin`;
    case 'renamed': return `${actor} renamed the group to “${change.title}”`;
    default: return `${actor} changed the group`;
  }
}

/** "alice is typing…", "alice and bob are typing…", "3 people are typing…". */
export function typingText(store, userIds) {
  if (userIds.length > 3) return `${userIds.length} people are typing…`;
  const names = userIds.map((u) => nameOf(store, u));
  return `${list(names)} ${names.length === 1 ? 'is' : 'are'} typing…`;
}
