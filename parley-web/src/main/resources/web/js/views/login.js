// Sign up / log in. Logging in creates a device on the server: this browser (all its tabs) becomes
// that device. "Keep me signed in" (checked by default) decides whether the log-in outlives the
// browser session (session.js).
// An error names the field at fault: it gets focus, aria-invalid and aria-describedby pointing at the
// error text (a role=alert region), so a screen reader says what went wrong where the person is.
import { ApiError, createAccount, logIn } from '../http.js';
import { h } from './dom.js';

const MESSAGES = {
  bad_credentials: 'Wrong handle or password.',
  handle_taken: 'That handle is taken. Pick another one.',
  invalid_handle: 'Handles are 3–32 characters: a–z, 0–9, _ and ., starting with a letter.',
};

/** Which field an error is about; errors not about a field (network, throttling) focus the first. */
const FIELD_AT_FAULT = {
  bad_credentials: 'password',
  handle_taken: 'handle',
  invalid_handle: 'handle',
  invalid_password: 'password',
};

function deviceName() {
  const ua = navigator.userAgent;
  const browser = /Firefox\//.test(ua) ? 'Firefox' : /Edg\//.test(ua) ? 'Edge' : /Chrom(e|ium)\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : 'Browser';
  const os = /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Mac OS/.test(ua) ? 'macOS' : /Windows/.test(ua) ? 'Windows' : /Linux/.test(ua) ? 'Linux' : '';
  return `${browser}${os ? ` on ${os}` : ''} (web)`;
}

/** What is wrong with the fields before asking the server: [field, text] or null. */
function checkFields(handle, password) {
  if (!handle.value.trim()) return [handle, 'Enter your handle.'];
  if (handle.value.trim().length < 3) return [handle, 'Handles have at least 3 characters.'];
  if (!password.value) return [password, 'Enter your password.'];
  if (password.value.length < 8) return [password, 'Passwords have at least 8 characters.'];
  return null;
}

/** Shows the login form; calls onSession({userId, handle, deviceId, token}, keep) once logged in. */
export function showLogin(root, { message, onSession }) {
  const handle = h('input', { id: 'handle', name: 'handle', autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false', required: true, minlength: 3, maxlength: 32 });
  const password = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true, minlength: 8 });
  const keep = h('input', { id: 'keep', name: 'keep', type: 'checkbox', checked: true });
  const error = h('p', { class: 'form-error', role: 'alert', id: 'login-error' }, message ?? '');
  const loginButton = h('button', { type: 'submit', class: 'primary', id: 'login' }, 'Log in');
  const signupButton = h('button', { type: 'button', id: 'signup' }, 'Create account');
  const fields = [handle, password];

  function clearError() {
    error.textContent = '';
    for (const field of fields) {
      field.removeAttribute('aria-invalid');
      field.removeAttribute('aria-describedby');
    }
  }

  function showError(text, field, invalid) {
    clearError();
    error.textContent = text;
    if (invalid) {
      field.setAttribute('aria-invalid', 'true');
      field.setAttribute('aria-describedby', error.id);
    }
    field.focus();
  }

  async function submit(signUp) {
    const wrong = checkFields(handle, password);
    if (wrong) return showError(wrong[1], wrong[0], true);
    clearError();
    loginButton.disabled = signupButton.disabled = true;
    try {
      const name = handle.value.trim().toLowerCase();
      if (signUp) await createAccount(name, password.value);
      onSession(await logIn(name, password.value, deviceName()), keep.checked);
    } catch (e) {
      loginButton.disabled = signupButton.disabled = false;
      const text = e instanceof ApiError ? MESSAGES[e.code] ?? e.message : String(e);
      const at = e instanceof ApiError ? FIELD_AT_FAULT[e.code] : null;
      showError(text, at === 'password' ? password : handle, !!at);
    }
  }

  const form = h('form', { class: 'login-card', 'aria-labelledby': 'login-title', novalidate: true,
    onsubmit: (e) => { e.preventDefault(); submit(false); } },
    h('h1', { id: 'login-title' }, 'Parley'),
    h('p', { class: 'muted' }, 'Messages that arrive, in order, on every device.'),
    h('label', { for: 'handle' }, 'Handle'), handle,
    h('label', { for: 'password' }, 'Password'), password,
    h('label', { class: 'keep', for: 'keep' }, keep, 'Keep me signed in'),
    error,
    h('div', { class: 'actions' }, loginButton, signupButton));
  signupButton.addEventListener('click', () => submit(true));
  for (const field of fields) field.addEventListener('input', () => error.textContent && clearError());
  root.replaceChildren(h('div', { class: 'login' }, form));
  handle.focus();
}
