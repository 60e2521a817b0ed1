// What a refused group request means to the person who made it (docs/protocol.md "Errors").

function sentence(text) {
  const t = (text ?? '').trim();
  return t ? `${t.charAt(0).toUpperCase()}${t.slice(1)}${/[.!?]$/.test(t) ? '' : '.'}` : '';
}

/** A short explanation of a group request's error (a FrameError, or "offline"). */
export function groupError(err) {
  const code = err.code ?? err.message;
  switch (code) {
    case 'unknown_user': {
      const handle = /'([^']+)'/.exec(err.message)?.[1];
      return handle ? `Nobody has the handle “${handle}”.` : 'One of those handles belongs to nobody.';
    }
    case 'invalid_members': return sentence(err.message) || 'That change applies to nobody.';
    case 'too_many_members': return `Too many members: ${err.message}.`;
    case 'invalid_title': return `That title cannot be used: ${err.message}. Titles are 1–100 characters.`;
    case 'forbidden': return 'Only the group’s admins can do that (or you are no longer a member).';
    case 'rate_limited': return 'Too many requests: wait a little and try again.';
    case 'offline': return 'You are offline: this needs the connection.';
    case 'overloaded':
    case 'internal': return 'The server is busy.';
    default: return sentence(err.message) || 'That did not work.';
  }
}
