// Sign up / log in. Logging in creates a device on the server: this tab becomes that device.
import { ApiError, createAccount, logIn } from '../http.js';
import { h } from './dom.js';

const MESSAGES = {
  bad_credentials: 'Wrong handle or password.',
  handle_taken: 'That handle is taken. Pick another one.',
  invalid_handle: 'Handles are 3–32 characters: a–z, 0–9, _ and ., starting with a letter.',
};

function deviceName() {
  const ua = navigator.userAgent;
  const browser = /Firefox\//.test(ua) ? 'Firefox' : /Edg\//.test(ua) ? 'Edge' : /Chrom(e|ium)\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : 'Browser';
  const os = /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Mac OS/.test(ua) ? 'macOS' : /Windows/.test(ua) ? 'Windows' : /Linux/.test(ua) ? 'Linux' : '';
  return `${browser}${os ? ` on ${os}` : ''} (web)`;
}

/** Shows the login form; calls onSession({userId, handle, deviceId, token}) once logged in. */
export function showLogin(root, { message, onSession }) {
  const handle = h('input', { id: 'handle', name: 'handle', autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false', required: true, minlength: 3, maxlength: 32 });
  const password = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true, minlength: 8 });
  const error = h('p', { class: 'form-error', role: 'alert', id: 'login-error' }, message ?? '');
  const loginButton = h('button', { type: 'submit', class: 'primary', id: 'login' }, 'Log in');
  const signupButton = h('button', { type: 'button', id: 'signup' }, 'Create account');

  async function submit(signUp) {
    if (!form.reportValidity()) return;
    error.textContent = '';
    loginButton.disabled = signupButton.disabled = true;
    try {
      const name = handle.value.trim().toLowerCase();
      if (signUp) await createAccount(name, password.value);
      onSession(await logIn(name, password.value, deviceName()));
    } catch (e) {
      error.textContent = e instanceof ApiError ? MESSAGES[e.code] ?? e.message : String(e);
      loginButton.disabled = signupButton.disabled = false;
    }
  }

  const form = h('form', { class: 'login-card', 'aria-labelledby': 'login-title', novalidate: true,
    onsubmit: (e) => { e.preventDefault(); submit(false); } },
    h('h1', { id: 'login-title' }, 'Parley'),
    h('p', { class: 'muted' }, 'Messages that arrive, in order, on every device.'),
    h('label', { for: 'handle' }, 'Handle'), handle,
    h('label', { for: 'password' }, 'Password'), password,
    error,
    h('div', { class: 'actions' }, loginButton, signupButton));
  signupButton.addEventListener('click', () => submit(true));
  root.replaceChildren(h('div', { class: 'login' }, form));
  handle.focus();
}
