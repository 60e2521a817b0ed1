/**
 * The terminal client, built only on the SDK ({@code dev.parley.client}): {@code parley register},
 * {@code login}, {@code send}, {@code history}, {@code chat} (with a user or in a group) and {@code
 * group} (create and manage groups). A login is saved in a profile directory ({@code --profile
 * DIR}, else {@code $PARLEY_PROFILE}, else {@code ~/.parley}) holding {@code profile.properties}
 * and the SDK's SQLite store, so messages queued offline by one command go out with the next.
 */
package dev.parley.cli.client;
