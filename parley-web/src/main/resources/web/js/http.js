// The HTTP half of docs/protocol.md (section 1): accounts, sessions, devices.

/** An HTTP API failure: `code` is the protocol's error code, or "network" when the server is unreachable. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function call(method, path, body, token) {
  const headers = {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'network', 'The server cannot be reached. Check your connection and try again.');
  }
  if (response.status === 204) return null;
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, data.error || `http_${response.status}`, data.message || response.statusText);
  return data;
}

export const createAccount = (handle, password) => call('POST', '/v1/accounts', { handle, password });

/** Logs in, which creates a new device: resolves to {userId, handle, deviceId, token}. */
export const logIn = (handle, password, deviceName) => call('POST', '/v1/sessions', { handle, password, deviceName });

/** Revokes a device; revoking your own is logging out. */
export const revokeDevice = (token, deviceId) =>
  call('DELETE', `/v1/devices/${encodeURIComponent(deviceId)}`, undefined, token);
