/**
 * The terminal client, built only on the SDK ({@code dev.parley.client}): {@code parley register},
 * {@code login}, {@code send}, {@code history} and {@code chat}. A login is saved in a profile
 * directory ({@code --profile DIR}, else {@code $PARLEY_PROFILE}, else {@code ~/.parley}) holding
 * {@code profile.properties} and the SDK's SQLite store, so messages queued offline by one command
 * go out with the next.
 */
package dev.parley.cli.client;
