/**
 * Accounts and devices: registration with a handle and password (Argon2id), log-in that creates a
 * device and a bearer token (stored only as its SHA-256 hash), device listing and revocation. Start
 * at {@link dev.parley.core.account.AccountService}; storage is the {@link
 * dev.parley.core.account.AccountStore} seam. All methods may block (hashing, storage): call them
 * off the network threads.
 *
 * <p>Against abuse: {@link dev.parley.core.account.PasswordRules} (length in code points, a list of
 * common passwords), {@link dev.parley.core.account.LoginThrottle} (per handle and per address,
 * configured by {@link dev.parley.core.account.LoginLimits}) and {@link
 * dev.parley.core.account.DeviceLimits} (a cap per user, idle expiry).
 */
package dev.parley.core.account;
